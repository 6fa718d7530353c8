// Launcher runs an embedded Neo4j Community 5.26 with a loopback-only Bolt connector for the local dev and test stack (started by src/stack/neo4j.ts).

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Launcher starts the DBMS, prints {@code NEO4J_READY bolt://host:port} once Bolt accepts connections,
 * and shuts the DBMS down cleanly on SIGTERM/SIGINT or when its stdin reaches EOF (the parent died),
 * so a killed Node parent never leaves an orphan JVM holding the store lock and the port.
 *
 * <p>Usage: {@code Launcher --home <dir> --port <bolt port> [--host 127.0.0.1] [--ignore-stdin] [--warmup]}
 *
 * <p>{@code --warmup} runs a few queries over Bolt once ready and then exits: the installer runs it once with
 * {@code -XX:ArchiveClassesAtExit} so later starts load Neo4j's classes from a CDS archive (about twice as fast).
 */
public final class Launcher {
    private static final String HOST_DEFAULT = "127.0.0.1";
    private static final long READY_TIMEOUT_MS = 120_000;

    private Launcher() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        int port = 7687;
        String host = HOST_DEFAULT;
        boolean watchStdin = true;
        boolean warmup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--home" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--host" -> host = args[++i];
                case "--ignore-stdin" -> watchStdin = false;
                case "--warmup" -> warmup = true;
                default -> fail("unknown argument " + args[i]
                        + " (allowed: --home <dir> --port <n> [--host <addr>] [--ignore-stdin] [--warmup])");
            }
        }
        if (home == null) {
            fail("--home <dir> is required");
        }

        long started = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                // Auth is off on purpose: this DBMS listens on loopback only and exists for local dev and tests.
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // dbms.usage_report.enabled
                .setConfig(GraphDatabaseSettings.pagecache_memory, 256L * 1024 * 1024)
                // Keep transaction logs small: the graph itself holds the history the service needs.
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "100M size")
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, 32L * 1024 * 1024)
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                // Bolt's event loops otherwise idle 5 s twice on shutdown, after the stores are already closed.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();

        AtomicBoolean stopped = new AtomicBoolean(false);
        Runnable shutdown = () -> {
            if (stopped.compareAndSet(false, true)) {
                System.out.println("NEO4J_STOPPING");
                dbms.shutdown();
                System.out.println("NEO4J_STOPPED");
                System.out.flush();
            }
        };
        Runtime.getRuntime().addShutdownHook(new Thread(shutdown, "neo4j-shutdown"));

        if (watchStdin) {
            Thread watcher = new Thread(() -> {
                drain(System.in);
                System.out.println("NEO4J_STDIN_EOF parent is gone, shutting down");
                System.exit(0); // runs the shutdown hook
            }, "stdin-eof-watcher");
            watcher.setDaemon(true);
            watcher.start();
        }

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(READY_TIMEOUT_MS)) {
            fail("database " + GraphDatabaseSettings.DEFAULT_DATABASE_NAME + " not available after "
                    + READY_TIMEOUT_MS + " ms");
        }
        waitForBolt(host, port);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.println("NEO4J_READY bolt://" + host + ":" + port + " (" + ms + " ms)");
        System.out.flush();

        if (warmup) {
            warmUp(host, port);
            System.out.println("NEO4J_WARMUP_DONE");
            System.exit(0);
        }

        // The main thread just parks; the JVM ends through the shutdown hook.
        Thread.currentThread().join();
    }

    /** waitForBolt returns once the Bolt port accepts TCP, because the DBMS can report available a moment before. */
    private static void waitForBolt(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    fail("Bolt did not accept connections on " + host + ":" + port + ": " + e);
                }
                Thread.sleep(50);
            }
        }
    }

    /** warmUp exercises Bolt, Cypher planning and writes, so the class archive covers what a real first request loads. */
    private static void warmUp(String host, int port) {
        try (Driver driver = GraphDatabase.driver("bolt://" + host + ":" + port, AuthTokens.none());
                Session session = driver.session()) {
            session.run("RETURN 1").consume();
            session.executeWrite(tx -> tx.run(
                    "MERGE (a:Warmup {id: $a}) MERGE (b:Warmup {id: $b}) MERGE (a)-[r:WARMS {at: datetime()}]->(b) RETURN count(r)",
                    Map.of("a", "a", "b", "b")).consume());
            session.executeRead(tx -> tx.run(
                    "MATCH p = (a:Warmup)-[:WARMS*1..3]->(b) WHERE a.id = $a RETURN [n IN nodes(p) | n.id] AS ids ORDER BY length(p) LIMIT 10",
                    Map.of("a", "a")).list());
            session.executeWrite(tx -> tx.run("MATCH (n:Warmup) DETACH DELETE n").consume());
        }
    }

    private static void drain(InputStream in) {
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // Input is ignored; only EOF matters.
            }
        } catch (IOException e) {
            // A broken pipe means the parent is gone too.
        }
    }

    private static void fail(String message) {
        System.err.println("NEO4J_FAILED " + message);
        System.err.flush();
        System.exit(2);
    }
}
