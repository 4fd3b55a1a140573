package dev.samlec.examples.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.apache.directory.api.ldap.model.entry.DefaultEntry;
import org.apache.directory.api.ldap.model.entry.DefaultModification;
import org.apache.directory.api.ldap.model.entry.ModificationOperation;
import org.apache.directory.api.ldap.model.exception.LdapException;
import org.apache.directory.api.ldap.model.ldif.LdifEntry;
import org.apache.directory.api.ldap.model.ldif.LdifReader;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.api.ldap.model.schema.LdapComparator;
import org.apache.directory.api.ldap.model.schema.SchemaManager;
import org.apache.directory.api.ldap.model.schema.comparators.NormalizingComparator;
import org.apache.directory.api.ldap.schema.loader.JarLdifSchemaLoader;
import org.apache.directory.api.ldap.schema.manager.impl.DefaultSchemaManager;
import org.apache.directory.server.core.DefaultDirectoryService;
import org.apache.directory.server.core.api.CoreSession;
import org.apache.directory.server.core.api.DirectoryService;
import org.apache.directory.server.core.api.InstanceLayout;
import org.apache.directory.server.core.api.schema.SchemaPartition;
import org.apache.directory.server.core.partition.impl.avl.AvlPartition;

/**
 * Builds a started ApacheDS {@link DirectoryService} from scratch: the standard schema read from the
 * {@code api-ldap-schema-data} jar, in-memory (AVL) schema, system and data partitions, and the entries of an LDIF
 * file. For a directory that survives a restart, use {@code JdbmPartition} for the data partition instead.
 */
public final class InMemoryDirectory {
    private InMemoryDirectory() {
    }

    /**
     * A started directory service with one data partition for {@code suffix}, anonymous access refused, holding the
     * entries of {@code ldif} (the suffix entry first). {@code workDirectory} is ApacheDS's instance directory.
     */
    public static DirectoryService start(Path workDirectory, String suffix, Path ldif) throws Exception {
        DefaultDirectoryService service = new DefaultDirectoryService();
        service.setShutdownHookEnabled(false);
        service.setExitVmOnShutdown(false);
        service.setInstanceId("samlec-ldap");
        service.setInstanceLayout(new InstanceLayout(workDirectory.toFile()));
        service.setAllowAnonymousAccess(false);
        service.setAccessControlEnabled(false);
        service.getChangeLog().setEnabled(false);
        service.setSchemaManager(schema());

        SchemaPartition schemaPartition = new SchemaPartition(service.getSchemaManager());
        schemaPartition.setWrappedPartition(partition(service, "schema", "ou=schema"));
        service.setSchemaPartition(schemaPartition);
        service.setSystemPartition(partition(service, "system", "ou=system"));
        service.addPartition(partition(service, "data", suffix));
        service.startup();
        try {
            replaceAdminPassword(service);
            importLdif(service, ldif);
        } catch (Exception e) {
            service.shutdown();
            throw e;
        }
        return service;
    }

    private static SchemaManager schema() throws Exception {
        SchemaManager schema = new DefaultSchemaManager(new JarLdifSchemaLoader());
        schema.loadAllEnabled();
        if (!schema.getErrors().isEmpty()) {
            throw new IllegalStateException("the LDAP schema did not load: " + schema.getErrors());
        }
        // the server normalises values itself; its comparators must not normalise them a second time
        for (LdapComparator<?> comparator : schema.getComparatorRegistry()) {
            if (comparator instanceof NormalizingComparator normalizing) {
                normalizing.setOnServer();
            }
        }
        return schema;
    }

    private static AvlPartition partition(DirectoryService service, String id, String suffix) throws LdapException {
        AvlPartition partition = new AvlPartition(service.getSchemaManager(), service.getDnFactory());
        partition.setId(id);
        partition.setSuffixDn(new Dn(service.getSchemaManager(), suffix));
        return partition;
    }

    /** ApacheDS ships {@code uid=admin,ou=system} with the password "secret": make it unguessable. */
    private static void replaceAdminPassword(DirectoryService service) throws LdapException {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        service.getAdminSession().modify(new Dn(service.getSchemaManager(), "uid=admin,ou=system"),
                new DefaultModification(ModificationOperation.REPLACE_ATTRIBUTE, "userPassword",
                        Base64.getEncoder().encodeToString(secret)));
    }

    /** Adds every entry of the LDIF file, as the administrator, in file order. */
    private static void importLdif(DirectoryService service, Path ldif) throws Exception {
        CoreSession admin = service.getAdminSession();
        try (LdifReader reader = new LdifReader(ldif.toFile())) {
            for (LdifEntry entry : reader) {
                admin.add(new DefaultEntry(service.getSchemaManager(), entry.getEntry()));
            }
        } catch (IOException e) {
            throw new IOException("LDIF " + ldif + ": " + e.getMessage(), e);
        }
    }
}
