package dev.samlec.testkit;

import java.nio.file.Path;
import org.apache.directory.api.ldap.model.name.Dn;
import org.apache.directory.api.ldap.model.schema.LdapComparator;
import org.apache.directory.api.ldap.model.schema.SchemaManager;
import org.apache.directory.api.ldap.model.schema.comparators.NormalizingComparator;
import org.apache.directory.api.ldap.schema.loader.JarLdifSchemaLoader;
import org.apache.directory.api.ldap.schema.manager.impl.DefaultSchemaManager;
import org.apache.directory.server.core.DefaultDirectoryService;
import org.apache.directory.server.core.api.DirectoryService;
import org.apache.directory.server.core.api.InstanceLayout;
import org.apache.directory.server.core.api.schema.SchemaPartition;
import org.apache.directory.server.core.partition.impl.avl.AvlPartition;

/**
 * Builds a started, fully in-memory ApacheDS {@link DirectoryService}.
 *
 * <p>Unlike ApacheDS's own {@code DefaultDirectoryServiceFactory}, this does not extract the ~1,300 schema LDIF files
 * to disk (the schema is read straight from the {@code api-ldap-schema-data} jar) and uses AVL partitions rather than
 * JDBM files, so start-up takes about a second, and the instance directory is ours rather than a fixed name under
 * {@code java.io.tmpdir}, so several directories can run at once.
 */
final class EmbeddedDirectoryServices {
    private EmbeddedDirectoryServices() {
    }

    static DirectoryService create(Path workDirectory, String suffix) throws Exception {
        DefaultDirectoryService service = new DefaultDirectoryService();
        service.setShutdownHookEnabled(false);
        service.setExitVmOnShutdown(false);
        service.setInstanceId("samlec-demo");
        service.setInstanceLayout(new InstanceLayout(workDirectory.toFile()));
        service.setAllowAnonymousAccess(false);
        service.setAccessControlEnabled(false);
        service.getChangeLog().setEnabled(false);

        SchemaManager schema = new DefaultSchemaManager(new JarLdifSchemaLoader());
        schema.loadAllEnabled();
        if (!schema.getErrors().isEmpty()) {
            throw new IllegalStateException("the LDAP schema did not load: " + schema.getErrors());
        }
        // The server normalises values itself; comparators must not normalise them a second time.
        for (LdapComparator<?> comparator : schema.getComparatorRegistry()) {
            if (comparator instanceof NormalizingComparator) {
                ((NormalizingComparator) comparator).setOnServer();
            }
        }
        service.setSchemaManager(schema);

        SchemaPartition schemaPartition = new SchemaPartition(schema);
        schemaPartition.setWrappedPartition(memoryPartition(service, "schema", "ou=schema"));
        service.setSchemaPartition(schemaPartition);
        service.setSystemPartition(memoryPartition(service, "system", "ou=system"));
        service.addPartition(memoryPartition(service, "samlec", suffix));
        service.startup();
        return service;
    }

    private static AvlPartition memoryPartition(DirectoryService service, String id, String suffix)
            throws Exception {
        AvlPartition partition = new AvlPartition(service.getSchemaManager(), service.getDnFactory());
        partition.setId(id);
        partition.setSuffixDn(new Dn(service.getSchemaManager(), suffix));
        return partition;
    }
}
