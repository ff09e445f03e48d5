package dev.healing.core.hid;

import java.util.ArrayList;
import java.util.List;

/**
 * A minimal HID report descriptor reader for tests: walks the short items, tracks Report Size,
 * Report Count, Logical Minimum/Maximum and Usages, and lists each Input field.
 */
final class DescriptorItems {
    /** One Input main item: bits per field, number of fields, logical range, usages, constant or not. */
    record Field(int size, int count, int logicalMin, int logicalMax, List<Integer> usages, boolean constant,
                 boolean relative) {
        int bits() {
            return size * count;
        }
    }

    private DescriptorItems() {
    }

    static List<Field> inputs(byte[] d) {
        List<Field> fields = new ArrayList<>();
        int size = 0;
        int count = 0;
        int min = 0;
        int max = 0;
        List<Integer> usages = new ArrayList<>();
        int i = 0;
        while (i < d.length) {
            int prefix = d[i] & 0xFF;
            int len = prefix & 0x03;
            if (len == 3) {
                len = 4;
            }
            int tag = prefix & 0xFC;
            long unsigned = 0;
            for (int k = 0; k < len; k++) {
                unsigned |= (long) (d[i + 1 + k] & 0xFF) << (8 * k);
            }
            int signed = len == 0 ? 0 : (int) (unsigned << (64 - 8 * len) >> (64 - 8 * len));
            switch (tag) {
                case 0x74 -> size = (int) unsigned;
                case 0x94 -> count = (int) unsigned;
                case 0x14 -> min = signed;
                case 0x24 -> max = signed;
                case 0x08 -> usages.add((int) unsigned);
                case 0x80 -> {
                    fields.add(new Field(size, count, min, max, List.copyOf(usages), (unsigned & 1) != 0,
                            (unsigned & 4) != 0));
                    usages.clear();
                }
                case 0x90, 0xA0, 0xC0 -> usages.clear();
                default -> {
                }
            }
            i += 1 + len;
        }
        return fields;
    }

    static int inputBits(byte[] d) {
        return inputs(d).stream().mapToInt(Field::bits).sum();
    }
}
