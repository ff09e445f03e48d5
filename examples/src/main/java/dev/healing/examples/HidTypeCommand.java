package dev.healing.examples;

import dev.healing.core.hid.HidGadget;
import dev.healing.core.hid.HidInputInjector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code hid-type}: types text through a USB HID gadget's keyboard, US layout. */
final class HidTypeCommand implements Command {
    @Override
    public String usage() {
        return "hid-type --keyboard DEV TEXT";
    }

    @Override
    public int run(List<String> args) {
        Path keyboard = null;
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--keyboard")) {
                keyboard = Path.of(HidClickCommand.value(args, ++i, a));
            } else if (a.startsWith("--")) {
                throw new UsageException("unknown option " + a);
            } else {
                positional.add(a);
            }
        }
        if (keyboard == null) {
            throw new UsageException("--keyboard DEV is required, e.g. --keyboard /dev/hidg0");
        }
        if (positional.size() != 1) {
            throw new UsageException("expected one TEXT argument (quote it), got " + positional.size());
        }
        String text = positional.get(0);
        try (HidInputInjector hid = HidInputInjector.builder()
                .device(HidGadget.builder().keyboard(keyboard).build()).build()) {
            hid.type(text);
        }
        return JsonOutput.print(this, true, JsonOutput.fields("typed", text.codePointCount(0, text.length()),
                "keyboard", keyboard.toString()));
    }
}
