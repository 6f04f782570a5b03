package io.jenkins.plugins.bakeami.tools.ec2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * CreateKeyPair, DeleteKeyPair, DescribeKeyPairs. The private key of a new key pair is a real RSA key (Packer's SSH
 * communicator logs in with it); it goes into the CreateKeyPair answer only and is never kept or logged. The public
 * key is kept, as EC2 keeps it, for the instances launched with the key pair (see {@link SshEndpoint}).
 */
final class KeyPairActions {
    private static final FilterFields<KeyPair> FILTERS = new FilterFields<KeyPair>(k -> k.tags)
            .field("key-name", k -> k.name)
            .field("key-pair-id", k -> k.id)
            .field("fingerprint", k -> k.fingerprint)
            .field("key-type", k -> k.keyType);

    private KeyPairActions() {}

    static void register(Map<String, Action> actions) {
        actions.put("CreateKeyPair", KeyPairActions::createKeyPair);
        actions.put("DeleteKeyPair", KeyPairActions::deleteKeyPair);
        actions.put("DescribeKeyPairs", KeyPairActions::describeKeyPairs);
    }

    static void createKeyPair(Request r, XmlWriter xml) {
        RegionState region = r.here();
        String name = r.params.required("KeyName");
        r.checkTagSpecificationTypes("key-pair");
        if (name.length() > 255 || !StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
            throw Ec2Error.invalidParameterValue("Invalid key pair name: " + name);
        }
        if (region.keyPair(r.account, name) != null) {
            throw Ec2Error.of("InvalidKeyPair.Duplicate", "The keypair '" + name + "' already exists.");
        }
        String keyType = r.params.get("KeyType", "rsa");
        if (!"rsa".equals(keyType)) {
            throw Ec2Error.invalidValue(keyType, "KeyType");
        }
        RsaKeyMaterial material = RsaKeyMaterial.generate(name);
        KeyPair key = new KeyPair(r.newId("key"), r.account, name);
        key.fingerprint = material.fingerprint;
        key.publicKey = material.openSshPublicKey;
        key.createTime = r.instant();
        region.keyPairs.put(key.id, key);
        r.applyTagSpecifications("key-pair", List.of(key));
        xml.element("keyName", key.name);
        xml.element("keyFingerprint", key.fingerprint);
        xml.element("keyMaterial", material.privateKeyPem);
        xml.element("keyPairId", key.id);
        key.tags.writeTagSet(xml, r.account);
    }

    static void deleteKeyPair(Request r, XmlWriter xml) {
        RegionState region = r.here();
        String name = r.params.get("KeyName");
        String id = r.params.get("KeyPairId");
        if ((name == null || name.isEmpty()) && (id == null || id.isEmpty())) {
            throw Ec2Error.missingParameter("KeyName");
        }
        KeyPair key = id != null && !id.isEmpty() ? region.keyPairs.get(id) : region.keyPair(r.account, name);
        // EC2 answers success for a key pair that is not there
        if (key != null && key.ownerId.equals(r.account)) {
            region.keyPairs.remove(key.id);
            xml.element("keyPairId", key.id);
        }
        xml.element("return", true);
    }

    static void describeKeyPairs(Request r, XmlWriter xml) {
        RegionState region = r.here();
        List<String> names = r.params.list("KeyName");
        List<String> ids = r.params.list("KeyPairId");
        Filters wanted = Filters.parse(r.params).checkedAgainst(FILTERS);
        for (String name : names) {
            if (region.keyPair(r.account, name) == null) {
                throw Ec2Error.of("InvalidKeyPair.NotFound", "The key pair '" + name + "' does not exist");
            }
        }
        for (String id : ids) {
            KeyPair k = region.keyPairs.get(id);
            if (k == null || !k.ownerId.equals(r.account)) {
                throw Ec2Error.of("InvalidKeyPair.NotFound", "The key pair '" + id + "' does not exist");
            }
        }
        List<KeyPair> matching = new ArrayList<>();
        for (KeyPair k : region.keyPairs.values()) {
            if (!k.ownerId.equals(r.account)) {
                continue;
            }
            if ((!names.isEmpty() || !ids.isEmpty()) && !names.contains(k.name) && !ids.contains(k.id)) {
                continue;
            }
            if (wanted.matches(k, FILTERS, r.account)) {
                matching.add(k);
            }
        }
        xml.start("keySet");
        for (KeyPair k : matching) {
            xml.start("item").element("keyPairId", k.id).element("keyName", k.name).element("keyFingerprint", k.fingerprint)
                    .element("keyType", k.keyType).element("createTime", k.createTime);
            k.tags.writeTagSet(xml, r.account);
            xml.end();
        }
        xml.end();
    }
}
