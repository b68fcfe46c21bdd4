package io.techopt.cache;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;


/**
 * A real redis-server of the test's own, on a free loopback port, that a test can kill and start again.
 * bin/test installs redis-server and names it in TECHOPT_TEST_REDIS_SERVER; outside bin/test the tests that need
 * it are skipped, and say so.
 */
public final class RedisServer implements AutoCloseable {
    public final int port;
    private final String password;
    private final Path dir;
    private Process process;

    public RedisServer(String password) throws IOException, InterruptedException {
        this.password = password;
        this.dir = Files.createTempDirectory("techopt-redis");
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
    }

    static String binary() {
        String b = System.getenv("TECHOPT_TEST_REDIS_SERVER");
        if (b == null) {
            for (String p : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
                if (Files.isExecutable(Path.of(p))) {
                    return p;
                }
            }
        }
        return b;
    }

    /** Skips the calling test, with the reason printed, when there is no redis-server; under CI it fails. */
    public static void assumeAvailable() {
        assumeAvailable(binary(), io.techopt.TestSupport.underCi());
    }

    public static void assumeAvailable(String binary, boolean ci) {
        io.techopt.TestSupport.needs(binary != null, "Redis integration tests: no redis-server (bin/test installs one and "
                + "sets TECHOPT_TEST_REDIS_SERVER)", ci);
    }

    void start() throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(binary(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString()));
        if (password != null) {
            cmd.addAll(List.of("--requirepass", password));
        }
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IOException("redis-server did not start on port " + port);
    }

    /** SIGKILL: no goodbye, as a crash. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port + "/0";
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
