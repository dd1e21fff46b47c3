package se.helsingborg.footfall.storage.sink;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import se.helsingborg.footfall.storage.Database;

/**
 * Opens the sink's connection on the task that writes, reading the password from the
 * environment there (Flink's own provider would carry it inside the serialised job graph).
 */
final class DatabaseConnectionProvider implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;

    private final Database database;
    private transient Connection connection;

    DatabaseConnectionProvider(Database database) {
        this.database = database;
    }

    @Override
    public Connection getConnection() {
        return connection;
    }

    @Override
    public Properties getProperties() {
        Properties p = database.connectionProperties();
        p.remove("password");
        return p;
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return connection != null && connection.isValid(5);
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.connect();
        }
        return connection;
    }

    @Override
    public void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection: nothing left to save
            }
            connection = null;
        }
    }

    @Override
    public Connection reestablishConnection() throws SQLException {
        closeConnection();
        return getOrEstablishConnection();
    }
}
