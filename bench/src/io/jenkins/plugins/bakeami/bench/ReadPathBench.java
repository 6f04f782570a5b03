package io.jenkins.plugins.bakeami.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where one large file's SHA-1 time goes, in one warm JVM: the JDK's SHA-1 on an array already in the cache (the
 * hashing limit), the engine's read path (FileChannel into a 256 KiB heap array, hashed in place), and the two
 * alternatives the engine does not use, with their measured effect: a reader thread that fills the next buffer
 * while this one is hashed, and memory-mapping. Bench-only, never shipped.
 *
 * <pre>ReadPathBench FILE RUNS</pre>
 *
 * Output: {@code mode MB/s digest} per mode (median of RUNS after one warm-up run); every digest must agree.
 */
public final class ReadPathBench {
    private static final int BUFFER = 256 * 1024;

    private interface Mode {
        byte[] digest(Path file) throws Exception;
    }

    private ReadPathBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int runs = Integer.parseInt(args[1]);
        long size = Files.size(file);
        System.out.printf("memory-1MiB %.0f -%n", inMemoryMbPerSecond(runs));
        String expected = null;
        for (String name : List.of("engine-heap-read", "reader-thread", "mmap-64MiB")) {
            Mode mode = switch (name) {
                case "engine-heap-read" -> ReadPathBench::heapRead;
                case "reader-thread" -> ReadPathBench::readerThread;
                default -> ReadPathBench::mapped;
            };
            String digest = HexFormat.of().formatHex(mode.digest(file)); // warm-up
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                long start = System.nanoTime();
                String again = HexFormat.of().formatHex(mode.digest(file));
                rates.add(size / ((System.nanoTime() - start) / 1e9) / 1e6);
                if (!again.equals(digest)) {
                    throw new IllegalStateException(name + ": digest changed between runs");
                }
            }
            if (expected != null && !expected.equals(digest)) {
                throw new IllegalStateException(name + " gives " + digest + ", not " + expected);
            }
            expected = digest;
            System.out.printf("%s %.0f %s%n", name, Median.of(rates), digest);
        }
    }

    private static double inMemoryMbPerSecond(int runs) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] block = new byte[1 << 20];
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i < runs + 1; i++) {
            long start = System.nanoTime();
            for (int j = 0; j < 512; j++) {
                sha1.update(block);
            }
            sha1.digest();
            if (i > 0) {
                rates.add(512.0 * block.length / ((System.nanoTime() - start) / 1e9) / 1e6);
            }
        }
        return Median.of(rates);
    }

    /** What WorkPool does. */
    private static byte[] heapRead(Path file) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        byte[] array = new byte[BUFFER];
        ByteBuffer buffer = ByteBuffer.wrap(array);
        try (FileChannel channel = FileChannel.open(file)) {
            int read;
            while ((read = channel.read(buffer.clear())) >= 0) {
                sha1.update(array, 0, read);
            }
        }
        return sha1.digest();
    }

    /** Double buffering: another thread reads the next 256 KiB while this one hashes. */
    private static byte[] readerThread(Path file) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        BlockingQueue<byte[]> free = new ArrayBlockingQueue<>(2);
        BlockingQueue<ByteBuffer> full = new ArrayBlockingQueue<>(2);
        free.add(new byte[BUFFER]);
        free.add(new byte[BUFFER]);
        try (FileChannel channel = FileChannel.open(file)) {
            Thread reader = new Thread(() -> {
                try {
                    while (true) {
                        ByteBuffer chunk = ByteBuffer.wrap(free.take());
                        while (chunk.hasRemaining() && channel.read(chunk) >= 0) {
                            // fill the buffer, or stop at the end of the file
                        }
                        chunk.flip();
                        full.put(chunk);
                        if (chunk.limit() < BUFFER) {
                            return;
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            reader.start();
            while (true) {
                ByteBuffer chunk = full.take();
                sha1.update(chunk.array(), 0, chunk.limit());
                if (chunk.limit() < BUFFER) {
                    break;
                }
                free.put(chunk.array());
            }
            reader.join();
        }
        return sha1.digest();
    }

    /** Memory-mapped, 64 MiB at a time, pages faulted in before hashing. */
    private static byte[] mapped(Path file) throws Exception {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        try (FileChannel channel = FileChannel.open(file)) {
            long size = channel.size();
            for (long position = 0; position < size; position += 64L << 20) {
                MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, position, Math.min(64L << 20, size - position));
                map.load();
                sha1.update(map);
            }
        }
        return sha1.digest();
    }
}
