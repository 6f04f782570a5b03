package io.jenkins.plugins.bakeami.engine.checksum;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed pool of threads that both walk and hash: a task lists one directory (queuing its subdirectories and
 * batches of its files as further tasks) or hashes one batch of files. Doing both on the same threads keeps every
 * core busy without a walker thread competing with the hashers, and a flat directory of thousands of files still
 * spreads over all threads through its batches.
 *
 * <p>Each thread owns one MessageDigest and one read buffer for its whole life, so memory stays constant
 * whatever the file sizes. The order of the work does not matter: the caller sorts the entries afterwards.
 */
final class WorkPool implements AutoCloseable {
    /** Large enough that a read costs little next to hashing it, small enough to stay in the L2 cache. */
    static final int BUFFER_SIZE = 256 * 1024;
    /** A batch of files ends at this many files or bytes: small files travel in bulk, big ones spread out. */
    static final int BATCH_FILES = 128;
    static final long BATCH_BYTES = 4L << 20;

    /** One unit of work, run on a pool thread. */
    interface Task {
        void run(Worker worker) throws IOException, InterruptedException;
    }

    private static final Task END_OF_WORK = worker -> { };
    private static final AtomicInteger POOL_NUMBER = new AtomicInteger();

    private final String algorithm;
    private final LineEndings lineEndings;
    private final LinkedBlockingDeque<Task> tasks = new LinkedBlockingDeque<>();
    private final AtomicInteger unfinished = new AtomicInteger();
    private final CountDownLatch allDone = new CountDownLatch(1);
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final List<Worker> workers = new ArrayList<>();
    private final List<Future<?>> running = new ArrayList<>();
    private final ExecutorService pool;
    private final List<Thread> poolThreads = new ArrayList<>();
    private volatile boolean stopping;

    /** What a task may use: its thread's digest and buffer, and its thread's share of the entries. */
    final class Worker {
        private final MessageDigest digest = ChecksumCombiner.newDigest(algorithm);
        /*
         * A heap array, hashed in place: a direct buffer would be copied again into MessageDigest's 4 KiB temporary
         * array (MessageDigestSpi.engineUpdate(ByteBuffer)), one digest call per 4 KiB. (The JDK still reads into
         * its own cached direct buffer first; the difference is within noise, see docs/performance.md.)
         */
        private final byte[] array = new byte[BUFFER_SIZE];
        private final ByteBuffer buffer = ByteBuffer.wrap(array);
        /** Only for {@link LineEndings#NORMALIZE}: the same single pass, through both of its digests. */
        private final LineEndingDigest lineEndingDigest = lineEndings == LineEndings.NORMALIZE
                ? new LineEndingDigest(algorithm) : null;
        private final List<PendingEntry> entries = new ArrayList<>();
        private List<PendingEntry> batch = new ArrayList<>();
        private long batchBytes;

        /** Records an entry found by a walk; one with a file is hashed later, in a batch. */
        void add(PendingEntry entry, long size) {
            entries.add(entry);
            if (entry.file != null) {
                hashLater(entry, size);
            }
        }

        /** Hashes the entry's file in a batch without recording the entry (the caller keeps it). */
        void hashLater(PendingEntry entry, long size) {
            batch.add(entry);
            batchBytes += size;
            if (batch.size() >= BATCH_FILES || batchBytes >= BATCH_BYTES) {
                flushBatch();
            }
        }

        /** Queues the files added so far for hashing; a directory task calls it when the directory is done. */
        void flushBatch() {
            if (!batch.isEmpty()) {
                List<PendingEntry> files = batch;
                submit(w -> w.hashAll(files));
                batch = new ArrayList<>();
                batchBytes = 0;
            }
        }

        void submit(Task task) {
            WorkPool.this.submit(task);
        }

        /** The pool's digest of a small byte string (e.g. a link's target text), with this thread's digest. */
        byte[] digestOf(byte[] bytes) {
            return digest.digest(bytes);
        }

        /** Stops a walk promptly on cancellation (a Jenkins abort) or after another task failed. */
        boolean shouldStop() {
            return stopping || failure.get() != null;
        }

        private void hashAll(List<PendingEntry> files) throws IOException {
            for (PendingEntry entry : files) {
                if (shouldStop()) {
                    return;
                }
                entry.digest = hash(entry.file);
                entry.hex = Hex.encode(entry.digest);
            }
        }

        private byte[] hash(Path file) throws IOException {
            digest.reset();
            if (lineEndingDigest != null) {
                lineEndingDigest.reset();
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                while (true) {
                    buffer.clear();
                    int read = channel.read(buffer);
                    if (read < 0) {
                        break;
                    }
                    if (stopping) {
                        throw new InterruptedIOException("checksum cancelled");
                    }
                    if (lineEndingDigest != null) {
                        lineEndingDigest.update(array, read);
                    } else {
                        digest.update(array, 0, read);
                    }
                }
            } catch (AccessDeniedException e) {
                throw new ChecksumInputException("cannot read file " + file + ": permission denied", e);
            } catch (NoSuchFileException e) {
                throw new ChecksumInputException("file vanished while being read: " + file, e);
            } catch (ClosedByInterruptException | InterruptedIOException e) {
                throw e;
            } catch (IOException e) {
                throw new IOException("cannot read file " + file + ": " + e, e);
            }
            return lineEndingDigest != null ? lineEndingDigest.digest() : digest.digest();
        }
    }

    /**
     * @param algorithm the MessageDigest algorithm for file contents
     * @param threads the fixed number of threads
     * @param lineEndings how file contents are read (always {@link LineEndings#EXACT} for the ami-bakery mode)
     */
    WorkPool(String algorithm, int threads, LineEndings lineEndings) {
        this.algorithm = algorithm;
        this.lineEndings = lineEndings;
        String prefix = "bake-ami-checksum-" + POOL_NUMBER.incrementAndGet() + "-";
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, prefix + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            synchronized (poolThreads) {
                poolThreads.add(thread);
            }
            return thread;
        });
        for (int i = 0; i < threads; i++) {
            Worker worker = new Worker();
            workers.add(worker);
            running.add(pool.submit(() -> work(worker)));
        }
    }

    void submit(Task task) {
        unfinished.incrementAndGet();
        tasks.addFirst(task); // depth first: the newest directory is listed next, which keeps the queue short
    }

    /**
     * Runs the given tasks and every task they queue, and returns all entries once every one has its digest.
     *
     * @throws ChecksumInputException for bad input found by a task (the first one)
     * @throws IOException for another read error (the first one)
     * @throws InterruptedException when the calling thread is interrupted while waiting
     */
    List<PendingEntry> runAll(List<Task> initial) throws IOException, InterruptedException {
        if (initial.isEmpty()) {
            allDone.countDown();
        }
        initial.forEach(this::submit);
        allDone.await();
        for (int i = 0; i < workers.size(); i++) {
            tasks.addLast(END_OF_WORK);
        }
        for (Future<?> thread : running) {
            try {
                thread.get(); // also makes every thread's entries and digests visible here
            } catch (ExecutionException e) {
                failure.compareAndSet(null, new IOException("checksum thread failed: " + e.getCause(), e.getCause()));
            }
        }
        Exception problem = failure.get();
        if (problem instanceof IOException) {
            throw (IOException) problem;
        }
        if (problem != null) {
            throw (RuntimeException) problem;
        }
        List<PendingEntry> all = new ArrayList<>();
        for (Worker worker : workers) {
            all.addAll(worker.entries);
        }
        return all;
    }

    /** Stops the threads (interrupting reads in progress) and waits briefly for them to end. */
    @Override
    public void close() {
        stopping = true;
        pool.shutdownNow();
        // A cancelled caller arrives here interrupted; the wait must still happen (it is short: the threads were
        // interrupted too), so that no checksum thread outlives the call. The interrupt is kept for the caller.
        // Joining the threads, not awaitTermination: the pool terminates when its tasks end, a moment before the
        // threads themselves do.
        boolean interrupted = Thread.interrupted();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Thread> threads;
        synchronized (poolThreads) {
            threads = new ArrayList<>(poolThreads);
        }
        try {
            for (Thread thread : threads) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left > 0) {
                    thread.join(left);
                }
            }
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void work(Worker worker) {
        while (true) {
            Task task;
            try {
                task = tasks.takeFirst();
            } catch (InterruptedException e) {
                return;
            }
            if (task == END_OF_WORK) {
                return;
            }
            try {
                if (!worker.shouldStop()) {
                    task.run(worker);
                }
            } catch (ClosedByInterruptException | InterruptedIOException | InterruptedException e) {
                stopping = true;
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, e);
            } catch (Error e) {
                failure.compareAndSet(null, new IOException("checksum thread failed: " + e, e));
            } finally {
                if (unfinished.decrementAndGet() == 0) {
                    allDone.countDown();
                }
            }
        }
    }
}
