# Sourced by the bench scripts: run NAME COMMAND... runs one command with its stdout kept as $work/NAME.json (its
# stderr as NAME.err, shown if it fails) and prints its wall time, CPU (user + system) and peak RSS (/usr/bin/time).
run() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time.txt" "$@" > "$work/$name.json" 2> "$work/$name.err" \
    || { cat "$work/$name.err" >&2; exit 1; }
  read -r t u s rss < "$work/time.txt"
  printf '%-34s %7.1f s wall %7.1f s CPU %6d MB peak RSS\n' "$name" "$t" "$(echo "$u + $s" | bc)" $((rss / 1024))
}
# run_and_go_on NAME COMMAND...: as run, but a command that fails is printed with its figures, exit status and first
# error line, and the script goes on (a bench of several commands still measures the others).
run_and_go_on() {
  if ! (run "$@") 2>/dev/null; then
    read -r t u s rss < <(tail -1 "$work/time.txt")
    printf '%-34s %7.1f s wall %7.1f s CPU %6d MB peak RSS  FAILED (%s): %s\n' "$1" "$t" "$(echo "$u + $s" | bc)" \
      $((rss / 1024)) "$(head -1 "$work/time.txt" | sed 's/Command exited with non-zero //')" "$(head -1 "$work/$1.err")"
  fi
}
