package io.techopt.ingest;

import io.techopt.core.Redactor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * LiteLLM's spend logs where a LiteLLM proxy keeps them: the {@code LiteLLM_SpendLogs} table of its PostgreSQL database,
 * read through the PostgreSQL JDBC driver with a server-side cursor (bounded memory whatever the table's size) and handed
 * to the readers as spend-log JSON lines, one a row, so they are parsed, normalized and priced exactly as a spend-log
 * file is. The password comes from the URL or {@code PGPASSWORD} and never reaches a name, a message or a report.
 */
public final class PostgresSource {
    /** LiteLLM's table (schema.prisma's {@code model LiteLLM_SpendLogs}); {@code ?table=} names another of its shape. */
    static final String DEFAULT_TABLE = "LiteLLM_SpendLogs";
    private static final int FETCH = 1000;
    /** Prisma's DateTime columns are {@code timestamp(3)} holding UTC: written with a Z so that no offset is guessed. */
    private static final String[] TIME_COLUMNS = {"startTime", "endTime", "completionStartTime"};

    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;
    private final String table;
    private final Map<String, String> params;

    private PostgresSource(String host, int port, String database, String user, String password, String table,
                           Map<String, String> params) {
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
        this.table = table;
        this.params = params;
    }

    /** Whether a command-line argument names a PostgreSQL database rather than a file. */
    public static boolean isUrl(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        return a.startsWith("postgresql://") || a.startsWith("postgres://");
    }

    /** A source for {@code postgresql://[user[:password]@]host[:port]/database[?table=T&sslmode=M]}. */
    public static LogSource source(String url) {
        return parse(url, System::getenv).logSource();
    }

    static PostgresSource parse(String url, Function<String, String> env) {
        // The user information ends at the LAST '@': a password pasted without percent-encoding may hold '@', ':', '/'
        // or '#', which a URI parser would take for the host, the path or a fragment, and print in its message.
        int scheme = url.indexOf("://") + 3;
        int at = url.lastIndexOf('@');
        String userInfo = at >= scheme ? url.substring(scheme, at) : null;
        String rest = at >= scheme ? url.substring(at + 1) : url.substring(scheme);
        String shown = Redactor.redact("postgresql://" + (userInfo == null ? "" : "[REDACTED]@") + rest); // for messages
        URI uri;
        try {
            uri = URI.create("postgresql://" + rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL (postgresql://user@host:port/database): " + shown);
        }
        String host = uri.getHost();
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (host == null || path.isEmpty() || path.contains("/")) {
            throw new IllegalArgumentException("a PostgreSQL URL names a host and a database, postgresql://user@host:port/database: "
                    + shown);
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decodeOrAsIs(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decodeOrAsIs(userInfo.substring(colon + 1));
        }
        if (user == null || user.isEmpty()) {
            user = env.apply("PGUSER");
        }
        if (user == null || user.isEmpty()) {
            user = System.getProperty("user.name");
        }
        if (password == null) {
            password = env.apply("PGPASSWORD");
        }
        Map<String, String> params = new LinkedHashMap<>();
        String table = DEFAULT_TABLE;
        if (uri.getRawQuery() != null) {
            for (String kv : uri.getRawQuery().split("&")) {
                if (kv.isEmpty()) {
                    continue;
                }
                String[] p = kv.split("=", 2);
                String k = decode(p[0]);
                String v = p.length > 1 ? decode(p[1]) : "";
                switch (k) {
                    case "table" -> table = v;
                    case "sslmode", "connectTimeout", "socketTimeout", "options", "ssl", "sslrootcert", "sslcert", "sslkey" -> params.put(k, v);
                    // LiteLLM's DATABASE_URL is Prisma's: its schema, and its libpq-style spellings, mean the same here
                    case "schema", "currentSchema" -> params.put("currentSchema", v);
                    case "connect_timeout" -> params.put("connectTimeout", v);
                    case "socket_timeout" -> params.put("socketTimeout", v);
                    case "application_name" -> params.put("ApplicationName", v);
                    // Prisma's connection-pool settings: nothing to do for one reading connection
                    case "connection_limit", "pool_timeout", "pgbouncer", "statement_cache_size", "sslaccept" -> { }
                    default -> throw new IllegalArgumentException("PostgreSQL URL: unknown parameter '" + Redactor.redact(k)
                            + "' (known: table, schema, sslmode, sslrootcert, sslcert, sslkey, connect_timeout, socket_timeout, "
                            + "application_name, options; Prisma's connection_limit, pool_timeout, pgbouncer, statement_cache_size "
                            + "are accepted and ignored)");
                }
            }
        }
        if (!table.matches("[A-Za-z_][A-Za-z0-9_$]{0,62}(\\.[A-Za-z_][A-Za-z0-9_$]{0,62})?")) {
            throw new IllegalArgumentException("PostgreSQL URL: table must be a plain name ([schema.]name), got '" + Redactor.redact(table) + "'");
        }
        return new PostgresSource(host, uri.getPort() < 0 ? 5432 : uri.getPort(), decode(path), user, password, table, params);
    }

    /** The URL as a user may see it: neither the password nor the user name (the redactor takes user@host for a credential). */
    public String displayName() {
        return "postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/" + database
                + (table.equals(DEFAULT_TABLE) ? "" : "?table=" + table);
    }

    LogSource logSource() {
        return LogSource.streamed(displayName(), new LogSource.Opener() {
            @Override
            public InputStream open() throws IOException {
                return PostgresSource.this.open();
            }

            @Override
            public String fingerprint() {
                if (!lastRead.done) {
                    throw new IllegalStateException("the table has not been read to its end");
                }
                return "sha256:" + java.util.HexFormat.of().formatHex(lastRead.digest.digest());
            }

            @Override
            public long bytes() {
                return lastRead.bytes;
            }
        });
    }

    /** The stream opened last: what the store knows the table's rows by. */
    private RowLines lastRead;

    /** Connects and streams the table in time order as JSON lines; the connection closes with the stream. */
    InputStream open() throws IOException {
        Connection c = connect();
        try {
            c.setAutoCommit(false); // a server-side cursor (setFetchSize) needs a transaction
            c.setReadOnly(true);
            PreparedStatement st = c.prepareStatement(query(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            st.setFetchSize(FETCH);
            ResultSet rs = st.executeQuery();
            lastRead = new RowLines(c, rs);
            return lastRead;
        } catch (SQLException e) {
            close(c);
            throw failure("could not read " + displayName(), e);
        }
    }

    private String query() {
        // to_jsonb keeps every column under its own name (jsonb columns as JSON, not strings); the times get their Z
        StringBuilder row = new StringBuilder("j");
        for (String col : TIME_COLUMNS) {
            row.append(" || CASE WHEN j->>'").append(col).append("' IS NOT NULL THEN jsonb_build_object('").append(col)
                    .append("', to_char((j->>'").append(col).append("')::timestamp, 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')) ELSE '{}'::jsonb END");
        }
        return "SELECT (" + row + ")::text FROM (SELECT to_jsonb(t) AS j, t.\"startTime\" AS st, t.request_id AS id FROM "
                + quoted(table) + " t) s ORDER BY st, id";
    }

    private static String quoted(String table) {
        StringBuilder q = new StringBuilder();
        for (String part : table.split("\\.")) {
            if (q.length() > 0) {
                q.append('.');
            }
            q.append('"').append(part).append('"');
        }
        return q.toString();
    }

    private Connection connect() throws IOException {
        Properties p = new Properties();
        p.setProperty("user", user);
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        p.setProperty("ApplicationName", "techopt");
        params.forEach(p::setProperty);
        String jdbc = "jdbc:postgresql://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + "/"
                + java.net.URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20");
        try {
            return DriverManager.getConnection(jdbc, p);
        } catch (SQLException e) {
            throw failure("could not connect to " + displayName(), e);
        }
    }

    /** The driver's reason, with the SQL state's meaning where it helps; never the password. */
    private IOException failure(String what, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String reason = String.valueOf(e.getMessage());
        String hint = switch (state) {
            case "28P01", "28000" -> " (the password comes from the URL or PGPASSWORD)";
            case "42P01" -> " (no table " + table + " here: is this the LiteLLM proxy's database? ?table=NAME names another)";
            case "08001", "08006" -> " (is the server running and accepting TCP connections on " + host + ":" + port + "?)";
            case "08004" -> " (the server refused the connection: a password it asks for comes from the URL or PGPASSWORD)";
            default -> "";
        };
        String msg = what + ": " + reason + hint;
        if (password != null && !password.isEmpty()) {
            msg = msg.replace(password, "[REDACTED]");
        }
        return new IOException(Redactor.redact(msg), null);
    }

    /** Percent-decoded as libpq reads a URL; a string that is not valid percent-encoding (a pasted password) as it is. */
    private static String decodeOrAsIs(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s; // URLDecoder's message would quote the string
        }
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing more to do for a connection that failed
        }
    }

    /** Rows as UTF-8 JSON lines, fetched a cursor page at a time. */
    private final class RowLines extends InputStream {
        private final Connection connection;
        private final ResultSet rows;
        private final java.security.MessageDigest digest;
        private byte[] buf = new byte[0];
        private int pos;
        private boolean done;
        private long bytes;

        RowLines(Connection connection, ResultSet rows) {
            this.connection = connection;
            this.rows = rows;
            try {
                this.digest = java.security.MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        private boolean fill() throws IOException {
            if (done) {
                return false;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
                while (out.size() < (1 << 16) && rows.next()) {
                    String json = rows.getString(1);
                    out.write(json.getBytes(StandardCharsets.UTF_8)); // jsonb's text escapes every line feed: one row, one line
                    out.write('\n');
                }
                if (out.size() == 0) {
                    done = true;
                    return false;
                }
                buf = out.toByteArray();
                pos = 0;
                digest.update(buf);
                bytes += buf.length;
                return true;
            } catch (SQLException e) {
                throw failure("reading " + displayName() + " failed", e);
            }
        }

        @Override
        public int read() throws IOException {
            if (pos >= buf.length && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos >= buf.length && !fill()) {
                return -1;
            }
            int n = Math.min(len, buf.length - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            try {
                rows.close();
                connection.rollback(); // read-only: nothing to keep
            } catch (SQLException ignored) {
                // closing anyway
            } finally {
                PostgresSource.close(connection);
            }
        }
    }
}
