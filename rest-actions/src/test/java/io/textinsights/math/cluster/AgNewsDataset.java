package io.textinsights.math.cluster;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * AG News evaluation data: 384-d all-MiniLM-L6-v2 embeddings (float16 .npy) and gold topic labels, from one of two
 * places.
 * <ul>
 * <li>{@link #bundled}: the 5,000-text sample the repository ships in {@code scripts/data/agnews-sample} (clean labels
 * from {@code clean_labels.txt}), found from the module directory, so that a plain clone runs the evaluations.
 * <li>{@link #full}: all 12,600 texts in the shared datasets folder outside the repository, only when
 * {@code -Dtextinsights.shared.datasets=/path/to/datasets} names it; the full-data variants do not run otherwise.
 * </ul>
 */
record AgNewsDataset(String name, float[][] vectors, int[] labels, List<String> labelNames) {

    static final String PROPERTY = "textinsights.shared.datasets";
    static final String EMBEDDINGS = "ag_news.all-MiniLM-L6-v2.f16.npy";
    static final String TEXTS = "ag_news.jsonl.gz";
    static final Path BUNDLED = Path.of("scripts", "data", "agnews-sample");
    static final String BUNDLED_EMBEDDINGS = "embeddings.f16.npy";
    static final String BUNDLED_LABELS = "clean_labels.txt";

    /**
     * The repository's sample folder: from surefire's {@code basedir} (the module directory; else the working
     * directory) up to the first parent that holds {@link #BUNDLED}.
     */
    static Path bundledFolder() {
        Path start = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(BUNDLED).resolve(BUNDLED_EMBEDDINGS))) {
                return dir.resolve(BUNDLED);
            }
        }
        throw new IllegalStateException("the bundled AG News sample (" + BUNDLED + ") is not in " + start + " or above it");
    }

    /** The bundled 5,000-text sample with its original (clean) labels. */
    static AgNewsDataset bundled() throws IOException {
        Path folder = bundledFolder();
        float[][] vectors = readFloat16Npy(folder.resolve(BUNDLED_EMBEDDINGS));
        Map<String, Integer> ids = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<String> lines = Files.readAllLines(folder.resolve(BUNDLED_LABELS), StandardCharsets.UTF_8);
        int[] labels = new int[lines.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = ids.computeIfAbsent(lines.get(i).strip(), n -> {
                names.add(n);
                return names.size() - 1;
            });
        }
        if (labels.length != vectors.length) {
            throw new IllegalStateException(folder + ": " + labels.length + " labels but " + vectors.length + " embeddings");
        }
        return new AgNewsDataset("bundled sample", vectors, labels, List.copyOf(names));
    }

    /** The shared folder named by {@value #PROPERTY}, or empty when the property is not set. */
    static Optional<Path> fullFolder() {
        String folder = System.getProperty(PROPERTY);
        return folder == null || folder.isBlank() ? Optional.empty() : Optional.of(Path.of(folder).toAbsolutePath().normalize());
    }

    /** All 12,600 texts from the shared folder; fails (never skips) when the property names a folder without them. */
    static AgNewsDataset full(Path folder) throws IOException {
        Path embeddings = folder.resolve(EMBEDDINGS);
        Path texts = folder.resolve(TEXTS);
        if (Files.isRegularFile(embeddings) == false || Files.isRegularFile(texts) == false) {
            throw new IllegalStateException(
                "AG News evaluation data not found: -D" + PROPERTY + " names " + folder + ", expected " + embeddings + " and " + texts
            );
        }
        float[][] vectors = readFloat16Npy(embeddings);
        List<String> names = new ArrayList<>();
        int[] labels = readLabels(texts, names);
        if (labels.length != vectors.length) {
            throw new IllegalStateException(texts + " has " + labels.length + " rows but " + embeddings + " has " + vectors.length);
        }
        return new AgNewsDataset("full data", vectors, labels, List.copyOf(names));
    }

    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\((\\d+),\\s*(\\d+)\\)");

    /** Reads a 2-d little-endian float16 C-order .npy (format versions 1-3). */
    static float[][] readFloat16Npy(Path path) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(path))) {
            byte[] magic = in.readNBytes(6);
            if (magic.length != 6 || (magic[0] & 0xff) != 0x93 || new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY") == false) {
                throw new IOException(path + " is not a .npy file");
            }
            int major = in.readUnsignedByte();
            in.readUnsignedByte();
            byte[] lengthBytes = in.readNBytes(major == 1 ? 2 : 4);
            long headerLength = lengthBytes.length == 2
                ? ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff
                : ByteBuffer.wrap(lengthBytes).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xffffffffL;
            String header = new String(in.readNBytes((int) headerLength), StandardCharsets.US_ASCII);
            if (header.contains("'descr': '<f2'") == false || header.contains("'fortran_order': False") == false) {
                throw new IOException(path + ": expected little-endian float16 in C order, header " + header.trim());
            }
            Matcher shape = SHAPE.matcher(header);
            if (shape.find() == false) {
                throw new IOException(path + ": expected a 2-d array, header " + header.trim());
            }
            int rows = Integer.parseInt(shape.group(1));
            int dim = Integer.parseInt(shape.group(2));
            byte[] data = in.readNBytes(Math.multiplyExact(Math.multiplyExact(rows, dim), 2));
            if (data.length != rows * dim * 2) {
                throw new IOException(path + " is truncated");
            }
            ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
            float[][] vectors = new float[rows][dim];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < dim; j++) {
                    vectors[i][j] = Float.float16ToFloat(buffer.getShort());
                }
            }
            return vectors;
        }
    }

    private static final String LABEL_KEY = "\"label\": \"";

    private static int[] readLabels(Path path, List<String> names) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        List<Integer> labels = new ArrayList<>();
        try (
            InputStream gzip = new GZIPInputStream(Files.newInputStream(path));
            BufferedReader reader = new BufferedReader(new InputStreamReader(gzip, StandardCharsets.UTF_8))
        ) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                // Valid JSON escapes quotes inside "text", so the unescaped key can only be the label field.
                int at = line.lastIndexOf(LABEL_KEY);
                if (at < 0) {
                    throw new IOException(path + ": no label in line " + (labels.size() + 1));
                }
                int from = at + LABEL_KEY.length();
                String name = line.substring(from, line.indexOf('"', from));
                labels.add(ids.computeIfAbsent(name, n -> {
                    names.add(n);
                    return names.size() - 1;
                }));
            }
        }
        return labels.stream().mapToInt(Integer::intValue).toArray();
    }
}
