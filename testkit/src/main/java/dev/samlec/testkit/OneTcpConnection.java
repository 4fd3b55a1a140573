package dev.samlec.testkit;

import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.ldap.client.api.LdapConnectionConfig;
import org.apache.directory.ldap.client.api.LdapNetworkConnection;
import org.apache.directory.ldap.client.api.exception.InvalidConnectionException;

/**
 * An LDAP connection that opens its TCP connection at most once. The Apache Directory LDAP API calls
 * {@link #connect()} before every operation and, when the directory closed the connection, silently opens a new,
 * anonymous one: a read meant to run as the user who just bound would then run as nobody. Here every operation after
 * a close fails with an {@link InvalidConnectionException} instead, which the IdP treats as a directory failure.
 *
 * <p>One caller at a time, as {@link DirectoryConnections} hands it out.
 */
final class OneTcpConnection extends LdapNetworkConnection {
    private volatile boolean opened;

    OneTcpConnection(LdapConnectionConfig config) {
        super(config);
    }

    @Override
    public boolean connect() throws LdapException {
        if (isConnected()) {
            return true;
        }
        if (opened) {
            throw new InvalidConnectionException("the directory closed this connection; it is not opened again, so"
                    + " nothing runs anonymously on a new one");
        }
        opened = true;
        return super.connect();
    }
}
