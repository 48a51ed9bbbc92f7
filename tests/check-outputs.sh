#!/bin/bash
# Outputs by kind of target (issue 13.1, 14.4), for each program: -o onto a
# character device, a FIFO, /dev/stdout and '-', a symbolic link in the same
# folder and one to another folder, a directory, a block device, a folder
# that cannot be written, a full disk; a failed run keeps the earlier
# output; a run killed with SIGKILL leaves a temporary the next run removes.
#
# Devices are made here with mknod (a private null device, so that the
# machine's /dev/null is never the one at risk); /dev/null itself is only
# checked to be a character device still at the end.
. "$(dirname "$0")/lib.sh"

S="$NP_ROOT/samples"
ONE="$S/2026-11-16-lead-harbour.xml"
D="$NP_TMP/out"
mkdir -p "$D"
null_was_device=0
[ -c /dev/null ] && null_was_device=1
can_mknod=0
mknod "$NP_TMP/probe" c 1 3 2>/dev/null && [ -c "$NP_TMP/probe" ] && can_mknod=1
rm -f "$NP_TMP/probe"

# run PROG OUTPUT [INPUT...]: the program on one sample (or the inputs given);
# sets rc, stderr in $NP_TMP/err
run() {
    prog=$1 out=$2
    shift 2
    [ $# -gt 0 ] || set -- "$ONE"
    timeout 60 "$BIN/$prog" --quiet --at 2026-11-28 -o "$out" "$@" 2>"$NP_TMP/err" </dev/null
    rc=$?
}
# magic PROG FILE: the file starts the way PROG's output does
magic() {
    case $1 in
    newsml2pdf) head -c 5 "$2" | grep -q '%PDF-' ;;
    newsml2epub) head -c 2 "$2" | grep -q 'PK' ;;
    *) grep -q 'Storm barrier' "$2" ;;
    esac
}
# only FOLDER NAME...: the folder holds exactly these names (no temporary)
only() {
    dir=$1
    shift
    [ "$(ls -A "$dir" | sort | tr '\n' ' ')" = "$(printf '%s\n' "$@" | sort | tr '\n' ' ')" ]
}
result() { # NAME WHY
    if [ -z "$2" ]; then pass "$1"; else fail "$1: $2"; sed 's/^/    stderr: /' "$NP_TMP/err" | head -5; fi
}

# A tmpfs of SIZE at DIR, or nothing (return 1) where mounting is not allowed.
mounted=()
small_fs() {
    mkdir -p "$2"
    mount -t tmpfs -o "size=$1" tmpfs "$2" 2>/dev/null || return 1
    mounted+=("$2")
}
cleanup() {
    for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done
    rm -rf "$NP_TMP"
}
trap cleanup EXIT

for P in newsml2txt newsml2pdf newsml2epub; do
    if [ ! -x "$BIN/$P" ]; then
        fail "outputs: $BIN/$P not built (make all)"
        continue
    fi
    W="$D/$P"
    mkdir -p "$W"

    # ---- a character device: written in place, still a device ------------
    if [ $can_mknod -eq 1 ]; then
        mknod -m 666 "$W/null" c 1 3
        run $P "$W/null"
        why=
        [ $rc -eq 0 ] || why="exit status $rc"
        [ -c "$W/null" ] || why="${why:+$why; }no longer a character device"
        only "$W" null || why="${why:+$why; }left: $(ls -A "$W" | tr '\n' ' ')"
        result "outputs/$P: -o a null device writes in place" "$why"
        rm -f "$W/null"
        # a block device is refused, never opened
        mknod "$W/blk" b 7 200
        run $P "$W/blk"
        why=
        [ $rc -eq 3 ] || why="exit status $rc, expected 3"
        grep -q -F "$W/blk: is a block device" "$NP_TMP/err" || why="${why:+$why; }message"
        [ -b "$W/blk" ] || why="${why:+$why; }no longer a block device"
        result "outputs/$P: -o a block device is refused" "$why"
        rm -f "$W/blk"
    else
        skip "outputs/$P: devices (mknod not allowed here)"
    fi

    # ---- /dev/full: in place, the reason is given, exit 3 ------------------
    if [ -c /dev/full ]; then
        run $P /dev/full
        why=
        [ $rc -eq 3 ] || why="exit status $rc, expected 3"
        grep -q -F "/dev/full: cannot write output: No space left on device" "$NP_TMP/err" ||
            why="${why:+$why; }message"
        [ -c /dev/full ] || why="${why:+$why; }/dev/full is no longer a device"
        result "outputs/$P: -o /dev/full fails with the reason" "$why"
    fi

    # ---- a FIFO: written in place to the reader -------------------------
    mkfifo "$W/fifo"
    timeout 60 cat "$W/fifo" >"$NP_TMP/fifo.out" &
    reader=$!
    run $P "$W/fifo"
    [ $rc -eq 0 ] || kill $reader 2>/dev/null # it never opened the FIFO
    wait $reader
    why=
    [ $rc -eq 0 ] || why="exit status $rc"
    [ -p "$W/fifo" ] || why="${why:+$why; }no longer a FIFO"
    magic $P "$NP_TMP/fifo.out" || why="${why:+$why; }the reader did not get the output"
    only "$W" fifo || why="${why:+$why; }left: $(ls -A "$W" | tr '\n' ' ')"
    result "outputs/$P: -o a FIFO writes into the pipe" "$why"
    rm -f "$W/fifo"

    # ---- /dev/stdout and '-' into a pipe --------------------------------
    for o in /dev/stdout -; do
        timeout 60 "$BIN/$P" --quiet --at 2026-11-28 -o "$o" "$ONE" 2>"$NP_TMP/err" | cat >"$NP_TMP/pipe.out"
        rc=${PIPESTATUS[0]}
        why=
        [ $rc -eq 0 ] || why="exit status $rc"
        magic $P "$NP_TMP/pipe.out" || why="${why:+$why; }nothing came through the pipe"
        result "outputs/$P: -o $o writes to standard output" "$why"
    done

    # ---- a regular file: replaced, keeping its permissions ----------------
    echo old >"$W/out"
    chmod 640 "$W/out"
    run $P "$W/out"
    why=
    [ $rc -eq 0 ] || why="exit status $rc"
    magic $P "$W/out" || why="${why:+$why; }not replaced"
    [ "$(stat -c %a "$W/out")" = 640 ] || why="${why:+$why; }mode $(stat -c %a "$W/out"), expected 640"
    only "$W" out || why="${why:+$why; }left: $(ls -A "$W" | tr '\n' ' ')"
    result "outputs/$P: a replaced file keeps its permissions" "$why"

    # ---- a failed run (nothing readable) keeps the earlier output ---------
    echo earlier >"$W/out"
    run $P "$W/out" "$NP_TMP/nonexistent/"
    why=
    [ $rc -eq 3 ] || why="exit status $rc, expected 3"
    [ "$(cat "$W/out")" = earlier ] || why="${why:+$why; }the earlier output was changed"
    only "$W" out || why="${why:+$why; }left: $(ls -A "$W" | tr '\n' ' ')"
    result "outputs/$P: nothing readable: exit 3, the earlier output stays" "$why"

    # ---- a symbolic link in the same folder: its file is replaced ---------
    echo old >"$W/target"
    chmod 600 "$W/target"
    ln -s target "$W/link"
    run $P "$W/link"
    why=
    [ $rc -eq 0 ] || why="exit status $rc"
    [ -L "$W/link" ] && [ "$(readlink "$W/link")" = target ] || why="${why:+$why; }the link was replaced"
    magic $P "$W/target" || why="${why:+$why; }the file it points to was not written"
    [ "$(stat -c %a "$W/target")" = 600 ] || why="${why:+$why; }mode $(stat -c %a "$W/target")"
    result "outputs/$P: a symlink in the same folder: its file is replaced" "$why"

    # ---- a symbolic link to another folder: refused ---------------------
    mkdir -p "$W/elsewhere"
    echo keep >"$W/elsewhere/file"
    mkdir -p "$W/links"
    ln -s ../elsewhere/file "$W/links/away"
    run $P "$W/links/away"
    why=
    [ $rc -eq 3 ] || why="exit status $rc, expected 3"
    grep -q -F "$W/links/away: is a symbolic link to $(cd "$W/elsewhere" && pwd -P)/file in another folder" "$NP_TMP/err" ||
        why="${why:+$why; }message"
    [ "$(cat "$W/elsewhere/file")" = keep ] || why="${why:+$why; }the file elsewhere was written"
    [ -L "$W/links/away" ] || why="${why:+$why; }the link was replaced"
    only "$W/links" away || why="${why:+$why; }left: $(ls -A "$W/links" | tr '\n' ' ')"
    result "outputs/$P: a symlink to another folder is refused" "$why"

    # ---- a directory: refused -------------------------------------------
    run $P "$W/elsewhere"
    why=
    [ $rc -eq 3 ] || why="exit status $rc, expected 3"
    grep -q -F "$W/elsewhere: is a directory" "$NP_TMP/err" || why="${why:+$why; }message"
    only "$W/elsewhere" file || why="${why:+$why; }left: $(ls -A "$W/elsewhere" | tr '\n' ' ')"
    result "outputs/$P: a directory is refused" "$why"

    # ---- a folder that cannot be written: exit 3, the earlier file stays --
    RO="$W/ro"
    mkdir -p "$RO"
    ro_ok=0
    if [ "$(id -u)" -ne 0 ]; then
        echo earlier >"$RO/out"
        chmod a-w "$RO" && ro_ok=1
    elif small_fs 1m "$RO"; then
        echo earlier >"$RO/out"
        mount -o remount,ro "$RO" 2>/dev/null && ro_ok=1
    fi
    if [ $ro_ok -eq 1 ]; then
        run $P "$RO/out"
        why=
        [ $rc -eq 3 ] || why="exit status $rc, expected 3"
        grep -q -E "^$RO/out: cannot create a temporary file in $RO: (Read-only file system|Permission denied)" "$NP_TMP/err" ||
            why="${why:+$why; }message"
        [ "$(cat "$RO/out")" = earlier ] || why="${why:+$why; }the earlier output was changed"
        only "$RO" out || why="${why:+$why; }left: $(ls -A "$RO" | tr '\n' ' ')"
        result "outputs/$P: a read-only folder: exit 3, named, the earlier file stays" "$why"
        chmod u+w "$RO" 2>/dev/null
    else
        skip "outputs/$P: read-only folder (mount not allowed here)"
    fi

    # ---- a full disk: exit 3, no partial file, the earlier file stays ----
    FULL="$W/full"
    if small_fs 200k "$FULL"; then
        echo earlier >"$FULL/out"
        # leave a few KB free: less than any program's output
        dd if=/dev/zero of="$FULL/filler" bs=1k count=176 2>/dev/null
        run $P "$FULL/out" "$S"
        why=
        [ $rc -eq 3 ] || why="exit status $rc, expected 3"
        grep -q -F "$FULL/out: cannot write output: No space left on device" "$NP_TMP/err" ||
            why="${why:+$why; }message"
        [ "$(cat "$FULL/out")" = earlier ] || why="${why:+$why; }the earlier output was changed"
        only "$FULL" out filler || why="${why:+$why; }left: $(ls -A "$FULL" | tr '\n' ' ')"
        result "outputs/$P: a full disk: exit 3, named, no partial file" "$why"
    else
        skip "outputs/$P: full disk (mounting a 200 KB tmpfs is not allowed here)"
    fi
done

# ---- SIGKILL: the temporary left behind is removed by the next run ----------
TXT="$BIN/newsml2txt"
K="$D/killed"
mkdir -p "$K"
echo earlier >"$K/day.txt"
# The output is opened before standard input is read: with stdin a FIFO
# that this shell holds open, the run waits there, temporary made, and is
# killed.
mkfifo "$NP_TMP/stdin"
exec 3<>"$NP_TMP/stdin"
"$TXT" --quiet --at 2026-11-28 -o "$K/day.txt" - <&3 2>"$NP_TMP/killed.err" &
pid=$!
for _ in $(seq 100); do
    ls -A "$K" | grep -q '^\.day\.txt\..*\.tmp$' && break
    sleep 0.1
done
kill -KILL $pid 2>/dev/null
wait $pid 2>/dev/null
exec 3>&-
left=$(ls -A "$K" | grep '^\.day\.txt\..*\.tmp$')
why=
[ -n "$left" ] || why="no temporary while the run waited (cannot test the clean-up)"
[ "$(cat "$K/day.txt")" = earlier ] || why="${why:+$why; }the earlier output was changed"
if [ -z "$why" ]; then
    # a fresh one is left alone (a run may be writing it)
    "$TXT" --quiet --at 2026-11-28 -o "$K/day.txt" "$ONE" 2>>"$NP_TMP/killed.err"
    [ -e "$K/$left" ] || why="a fresh temporary was removed"
    # an old one that a live process holds locked is left alone too
    busy="$K/.day.txt.Busy01.tmp"
    echo busy >"$busy"
    touch -d '-10 minutes' "$K/$left" "$busy"
    exec 4<"$busy"
    locked=0
    command -v flock >/dev/null 2>&1 && flock -n 4 && locked=1
    "$TXT" --quiet --at 2026-11-28 -o "$K/day.txt" "$ONE" 2>>"$NP_TMP/killed.err"
    [ -e "$K/$left" ] && why="${why:+$why; }the killed run's temporary is still there"
    [ $locked -eq 0 ] || [ -e "$busy" ] || why="${why:+$why; }a locked temporary was removed"
    exec 4<&-
    grep -q 'Storm barrier' "$K/day.txt" || why="${why:+$why; }the next run did not write"
fi
if [ -z "$why" ]; then
    pass "outputs: SIGKILL: the earlier output stays; the next run removes the stale temporary"
else
    fail "outputs: SIGKILL: $why"; ls -lA "$K" | sed 's/^/    /'; sed 's/^/    stderr: /' "$NP_TMP/killed.err"
fi

if [ $null_was_device -eq 1 ]; then
    [ -c /dev/null ] && pass "outputs: /dev/null is still a character device" ||
        fail "outputs: /dev/null is no longer a character device"
fi
