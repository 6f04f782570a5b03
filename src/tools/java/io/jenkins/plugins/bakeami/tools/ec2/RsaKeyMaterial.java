package io.jenkins.plugins.bakeami.tools.ec2;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;

/**
 * A new RSA key pair in the forms EC2 gives out: the private key as CreateKeyPair returns it (PKCS#1 PEM,
 * {@code -----BEGIN RSA PRIVATE KEY-----}), its fingerprint (SHA-1 of the PKCS#8 encoding, as EC2 shows for keys
 * it created), and the public key as an instance receives it in {@code authorized_keys} ({@code ssh-rsa ...}).
 */
final class RsaKeyMaterial {
    final String privateKeyPem;
    final String fingerprint;
    final String openSshPublicKey;

    private RsaKeyMaterial(String privateKeyPem, String fingerprint, String openSshPublicKey) {
        this.privateKeyPem = privateKeyPem;
        this.fingerprint = fingerprint;
        this.openSshPublicKey = openSshPublicKey;
    }

    /** A new 2048-bit key; {@code comment} ends the public key line (EC2 puts the key pair's name there). */
    static RsaKeyMaterial generate(String comment) {
        java.security.KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is missing from this JVM", e);
        }
        RSAPrivateCrtKey key = (RSAPrivateCrtKey) pair.getPrivate();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        return new RsaKeyMaterial(pem(pkcs1(key)), fingerprint(key.getEncoded()),
                "ssh-rsa " + Base64.getEncoder().encodeToString(sshRsaBlob(pub)) + " " + comment);
    }

    /** RFC 8017 RSAPrivateKey: SEQUENCE of version 0 and the eight key integers, in DER. */
    private static byte[] pkcs1(RSAPrivateCrtKey k) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (BigInteger n : new BigInteger[] {BigInteger.ZERO, k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrimeP(), k.getPrimeQ(), k.getPrimeExponentP(), k.getPrimeExponentQ(),
                k.getCrtCoefficient()}) {
            derElement(body, 0x02, n.toByteArray());
        }
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        derElement(sequence, 0x30, body.toByteArray());
        return sequence.toByteArray();
    }

    private static void derElement(ByteArrayOutputStream out, int tag, byte[] content) {
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] digits = BigInteger.valueOf(length).toByteArray();
            int skip = digits[0] == 0 ? 1 : 0;
            out.write(0x80 | (digits.length - skip));
            out.write(digits, skip, digits.length - skip);
        }
        out.writeBytes(content);
    }

    /** RFC 4253 section 6.6: string "ssh-rsa", mpint e, mpint n. */
    private static byte[] sshRsaBlob(RSAPublicKey pub) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] field : new byte[][] {"ssh-rsa".getBytes(StandardCharsets.US_ASCII),
                pub.getPublicExponent().toByteArray(), pub.getModulus().toByteArray()}) {
            int n = field.length;
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
            out.writeBytes(field);
        }
        return out.toByteArray();
    }

    /** What EC2 shows for a key pair it created: the SHA-1 of the PKCS#8 private key, as colon-separated hex. */
    private static String fingerprint(byte[] pkcs8) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(pkcs8);
            StringBuilder s = new StringBuilder();
            for (byte b : digest) {
                if (s.length() > 0) {
                    s.append(':');
                }
                s.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return s.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    private static String pem(byte[] pkcs1) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----";
    }
}
