# Sourced by the fetch tests (after lib.sh): the replay server of
# tests/replay-server.c on the loopback interface, started on a rules file
# with the recorded answers of tests/data/api/<platform>/, and stopped when
# the script ends. $BASE is its root URL once started.

REPLAY_SERVER=$(dirname "$(readlink -f "$SOMARKIV")")/tests/replay-server
REPLAY_PID=
API="$DATA/api"

if [ ! -x "$REPLAY_SERVER" ]; then
	echo "not ok 1 - the replay server '$REPLAY_SERVER' exists (run make check)"
	echo "1..1"
	exit 1
fi

replay_stop() {
	if [ -n "$REPLAY_PID" ]; then
		kill "$REPLAY_PID" 2>/dev/null
		wait "$REPLAY_PID" 2>/dev/null
		REPLAY_PID=
	fi
}

trap 'replay_stop; test_cleanup' EXIT

# replay_start RULES ROOT [server options]: serve, and wait until it listens.
replay_start() {
	replay_stop
	rm -f "$TRASH/replay.port"
	rules=$1
	root=$2
	shift 2
	"$REPLAY_SERVER" --rules "$rules" --root "$root" --port-file "$TRASH/replay.port" \
		--log "$TRASH/replay.log" "$@" 2>>"$TRASH/replay.err" &
	REPLAY_PID=$!
	n=0
	while [ ! -s "$TRASH/replay.port" ]; do
		n=$((n + 1))
		if [ "$n" -gt 200 ] || ! kill -0 "$REPLAY_PID" 2>/dev/null; then
			echo "the replay server did not start:" >&2
			cat "$TRASH/replay.err" >&2
			return 1
		fi
		sleep 0.05
	done
	REPLAY_PORT=$(cat "$TRASH/replay.port")
	BASE="http://127.0.0.1:$REPLAY_PORT"
	case " $* " in
	*" --tls-cert "*) BASE="https://127.0.0.1:$REPLAY_PORT" ;;
	esac
}

# The requests the server got, one "METHOD TARGET" a line.
replay_log() {
	cat "$TRASH/replay.log"
}
