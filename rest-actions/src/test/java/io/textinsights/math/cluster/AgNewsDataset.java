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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/** The shared AG News evaluation data: 384-d all-MiniLM-L6-v2 embeddings (float16 .npy) and gold topic labels. */
record AgNewsDataset(float[][] vectors, int[] labels, List<String> labelNames) {

    static final String PROPERTY = "textinsights.shared.datasets";
    static final String EMBEDDINGS = "ag_news.all-MiniLM-L6-v2.f16.npy";
    static final String TEXTS = "ag_news.jsonl.gz";

    /** Folder from -Dtextinsights.shared.datasets, else ../../shared/datasets from the module dir (surefire's cwd). */
    static Path folder() {
        return Path.of(System.getProperty(PROPERTY, "../../shared/datasets")).toAbsolutePath().normalize();
    }

    static AgNewsDataset load() throws IOException {
        Path folder = folder();
        Path embeddings = folder.resolve(EMBEDDINGS);
        Path texts = folder.resolve(TEXTS);
        if (Files.isRegularFile(embeddings) == false || Files.isRegularFile(texts) == false) {
            throw new IllegalStateException(
                "AG News evaluation data not found: expected " + embeddings + " and " + texts
                    + ". Place the shared datasets folder beside the clone or pass -D" + PROPERTY + "=/path/to/datasets"
            );
        }
        float[][] vectors = readFloat16Npy(embeddings);
        List<String> names = new ArrayList<>();
        int[] labels = readLabels(texts, names);
        if (labels.length != vectors.length) {
            throw new IllegalStateException(texts + " has " + labels.length + " rows but " + embeddings + " has " + vectors.length);
        }
        return new AgNewsDataset(vectors, labels, List.copyOf(names));
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
