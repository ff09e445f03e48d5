#!/usr/bin/env bash
# Creates a Linux USB HID gadget through configfs: a boot keyboard (8-byte reports) and an
# absolute mouse (7-byte reports: buttons, X and Y 0..32767 little-endian, wheel, horizontal
# wheel), with exactly the report descriptors healing's HidInputInjector encodes for
# (dev.healing.core.hid.HidReports; a test checks the bytes below against it).
#
# Run as root on the device that plugs into the target (Raspberry Pi 4/Zero with dwc2 in
# peripheral mode, or any board with a USB device controller):
#   sudo ./hid-gadget-setup.sh              # create and bind; prints the /dev/hidgN files
#   sudo ./hid-gadget-setup.sh --remove     # unbind and delete the gadget
#   ./hid-gadget-setup.sh --descriptors-to DIR   # only write keyboard.bin and mouse.bin (no root)
# Environment: GADGET (name, default "healing"), UDC (controller, default the first in /sys/class/udc).
set -euo pipefail

GADGET="${GADGET:-healing}"
CONFIGFS="/sys/kernel/config/usb_gadget"
DIR="${CONFIGFS}/${GADGET}"

# Reads hex bytes (with # comments) on stdin and writes them as binary to the file $1.
write_hex() {
  local out="$1" bytes b
  bytes="$(sed 's/#.*//' | tr -s ' \t\n' ' ')"
  : > "${out}"
  for b in ${bytes}; do
    printf "\\x${b}" >> "${out}"
  done
}

keyboard_descriptor() {
  write_hex "$1" <<'KEYBOARD_DESCRIPTOR'
05 01        # Usage Page (Generic Desktop)
09 06        # Usage (Keyboard)
A1 01        # Collection (Application)
05 07        #   Usage Page (Keyboard/Keypad)
19 E0        #   Usage Minimum (Left Control)
29 E7        #   Usage Maximum (Right GUI)
15 00        #   Logical Minimum (0)
25 01        #   Logical Maximum (1)
75 01        #   Report Size (1)
95 08        #   Report Count (8)
81 02        #   Input (Data, Variable, Absolute): modifier bits
75 08        #   Report Size (8)
95 01        #   Report Count (1)
81 01        #   Input (Constant): reserved byte
05 08        #   Usage Page (LEDs)
19 01        #   Usage Minimum (Num Lock)
29 05        #   Usage Maximum (Kana)
75 01        #   Report Size (1)
95 05        #   Report Count (5)
91 02        #   Output (Data, Variable, Absolute): LED bits
75 03        #   Report Size (3)
95 01        #   Report Count (1)
91 01        #   Output (Constant): LED padding
05 07        #   Usage Page (Keyboard/Keypad)
19 00        #   Usage Minimum (0)
29 FF        #   Usage Maximum (255)
15 00        #   Logical Minimum (0)
26 FF 00     #   Logical Maximum (255)
75 08        #   Report Size (8)
95 06        #   Report Count (6)
81 00        #   Input (Data, Array, Absolute): six key codes
C0           # End Collection
KEYBOARD_DESCRIPTOR
}

mouse_descriptor() {
  write_hex "$1" <<'MOUSE_DESCRIPTOR'
05 01        # Usage Page (Generic Desktop)
09 02        # Usage (Mouse)
A1 01        # Collection (Application)
09 01        #   Usage (Pointer)
A1 00        #   Collection (Physical)
05 09        #     Usage Page (Button)
19 01        #     Usage Minimum (Button 1)
29 08        #     Usage Maximum (Button 8)
15 00        #     Logical Minimum (0)
25 01        #     Logical Maximum (1)
75 01        #     Report Size (1)
95 08        #     Report Count (8)
81 02        #     Input (Data, Variable, Absolute): buttons
05 01        #     Usage Page (Generic Desktop)
09 30        #     Usage (X)
09 31        #     Usage (Y)
16 00 00     #     Logical Minimum (0)
26 FF 7F     #     Logical Maximum (32767)
75 10        #     Report Size (16)
95 02        #     Report Count (2)
81 02        #     Input (Data, Variable, Absolute): X, Y
09 38        #     Usage (Wheel)
15 81        #     Logical Minimum (-127)
25 7F        #     Logical Maximum (127)
75 08        #     Report Size (8)
95 01        #     Report Count (1)
81 06        #     Input (Data, Variable, Relative): wheel
05 0C        #     Usage Page (Consumer)
0A 38 02     #     Usage (AC Pan)
15 81        #     Logical Minimum (-127)
25 7F        #     Logical Maximum (127)
75 08        #     Report Size (8)
95 01        #     Report Count (1)
81 06        #     Input (Data, Variable, Relative): horizontal wheel
C0           #   End Collection
C0           # End Collection
MOUSE_DESCRIPTOR
}

remove_gadget() {
  [ -d "${DIR}" ] || { echo "no gadget ${GADGET}"; return 0; }
  echo "" > "${DIR}/UDC" 2>/dev/null || true
  rm -f "${DIR}"/configs/c.1/hid.keyboard "${DIR}"/configs/c.1/hid.mouse
  rmdir "${DIR}"/configs/c.1/strings/0x409 "${DIR}"/configs/c.1 2>/dev/null || true
  rmdir "${DIR}"/functions/hid.keyboard "${DIR}"/functions/hid.mouse 2>/dev/null || true
  rmdir "${DIR}"/strings/0x409 "${DIR}" 2>/dev/null || true
  echo "removed gadget ${GADGET}"
}

# Prints the /dev/hidgN node of a function from its major:minor.
device_node() {
  local minor
  minor="$(cut -d: -f2 < "$1/dev")"
  echo "/dev/hidg${minor}"
}

case "${1:-}" in
  --descriptors-to)
    out="${2:?--descriptors-to needs a directory}"
    mkdir -p "${out}"
    keyboard_descriptor "${out}/keyboard.bin"
    mouse_descriptor "${out}/mouse.bin"
    exit 0
    ;;
  --remove)
    remove_gadget
    exit 0
    ;;
  "")
    ;;
  *)
    echo "usage: $0 [--remove | --descriptors-to DIR]" >&2
    exit 2
    ;;
esac

if [ "$(id -u)" -ne 0 ]; then
  echo "run as root: configfs and /dev/hidgN need it" >&2
  exit 1
fi
modprobe libcomposite
mountpoint -q /sys/kernel/config || mount -t configfs none /sys/kernel/config
if [ -d "${DIR}" ]; then
  echo "gadget ${GADGET} exists; remove it first with $0 --remove" >&2
  exit 1
fi

mkdir -p "${DIR}"
cd "${DIR}"
echo 0x1d6b > idVendor    # Linux Foundation
echo 0x0104 > idProduct   # Multifunction Composite Gadget
echo 0x0100 > bcdDevice
echo 0x0200 > bcdUSB
mkdir -p strings/0x409
echo "healing-$(hostname)" > strings/0x409/serialnumber
echo "healing" > strings/0x409/manufacturer
echo "healing keyboard and mouse" > strings/0x409/product

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
keyboard_descriptor "${tmp}/keyboard.bin"
mouse_descriptor "${tmp}/mouse.bin"

mkdir -p functions/hid.keyboard
echo 1 > functions/hid.keyboard/protocol      # keyboard
echo 1 > functions/hid.keyboard/subclass      # boot interface: works in BIOS and boot loaders
echo 8 > functions/hid.keyboard/report_length
cp "${tmp}/keyboard.bin" functions/hid.keyboard/report_desc   # one write: configfs takes it whole

mkdir -p functions/hid.mouse
echo 0 > functions/hid.mouse/protocol         # absolute pointers have no boot protocol
echo 0 > functions/hid.mouse/subclass
echo 7 > functions/hid.mouse/report_length
cp "${tmp}/mouse.bin" functions/hid.mouse/report_desc

mkdir -p configs/c.1/strings/0x409
echo "keyboard + absolute mouse" > configs/c.1/strings/0x409/configuration
echo 250 > configs/c.1/MaxPower
ln -s functions/hid.keyboard configs/c.1/
ln -s functions/hid.mouse configs/c.1/

udc="${UDC:-$(ls /sys/class/udc | head -n 1)}"
if [ -z "${udc}" ]; then
  echo "no USB device controller in /sys/class/udc (on a Raspberry Pi: dtoverlay=dwc2 and modules-load=dwc2)" >&2
  exit 1
fi
echo "${udc}" > UDC
echo "gadget ${GADGET} bound to ${udc}"
echo "keyboard: $(device_node functions/hid.keyboard)"
echo "mouse:    $(device_node functions/hid.mouse)"
