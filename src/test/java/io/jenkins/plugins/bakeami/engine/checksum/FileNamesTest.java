package io.jenkins.plugins.bakeami.engine.checksum;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** Expected strings are what Python 3 gives: b'...'.decode('utf-8', 'surrogateescape'). */
public class FileNamesTest {
    @Rule
    public TemporaryFolder temporary = new TemporaryFolder();

    private static String decode(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return FileNames.decodeSurrogateEscape(b);
    }

    @Test
    public void validUtf8DecodesNormally() {
        assertEquals("a\u00e9\u65e5\ud83d\ude00", decode('a', 0xC3, 0xA9, 0xE6, 0x97, 0xA5, 0xF0, 0x9F, 0x98, 0x80));
    }

    @Test
    public void invalidBytesBecomeLoneSurrogatesOneByOne() {
        // python3 -c "print(ascii(b'caf\xe9 \xff \xc3( \xed\xa0\x80 \xc0\x80 \xf4\x90\x80\x80'.decode('utf-8','surrogateescape')))"
        // 'caf\udce9 \udcff \udcc3( \udced\udca0\udc80 \udcc0\udc80 \udcf4\udc90\udc80\udc80'
        assertEquals("caf\udce9 \udcff \udcc3( \udced\udca0\udc80 \udcc0\udc80 \udcf4\udc90\udc80\udc80",
                decode('c', 'a', 'f', 0xE9, ' ', 0xFF, ' ', 0xC3, '(', ' ', 0xED, 0xA0, 0x80, ' ', 0xC0, 0x80, ' ',
                        0xF4, 0x90, 0x80, 0x80));
        assertEquals("\udce6\udc97", decode(0xE6, 0x97)); // truncated sequence at the end
    }

    @Test
    public void encodeGivesTheBytesBack() {
        byte[] raw = {'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0xC3, (byte) 0xA9, ' ', (byte) 0xF0, (byte) 0x9F, (byte) 0x98,
            (byte) 0x80};
        assertArrayEquals(raw, FileNames.encode(FileNames.decodeSurrogateEscape(raw), "x"));
        assertArrayEquals("plain \u65e5".getBytes(StandardCharsets.UTF_8), FileNames.encode("plain \u65e5", "x"));
        assertEquals("name 'x' contains an unpaired surrogate character U+D800",
                assertThrows(ChecksumInputException.class, () -> FileNames.encode("\ud800", "name 'x'")).getMessage());
    }

    @Test
    public void pythonNameReadsTheRawBytesOfAFile() throws Exception {
        Path directory = temporary.getRoot().toPath();
        assertEquals("caf\udce9.txt", FileNames.pythonName(Fixtures.writeRaw(directory, "caf%E9.txt", "x")));
        assertEquals("\u00e9 \ud83d\ude00", FileNames.pythonName(Fixtures.writeRaw(directory, "%C3%A9%20%F0%9F%98%80", "x")));
        assertEquals("\ufffd", FileNames.pythonName(Fixtures.writeRaw(directory, "%EF%BF%BD", "x"))); // a real U+FFFD
    }
}
