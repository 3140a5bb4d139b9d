#!/bin/sh
# The entrypoint of the one PayRail image (the Dockerfile at the repository root): its first argument names
# the service to run, the folder under services/ (docker run payrail:latest api-gateway). It runs the
# service as `npm start -w` does, from the service's folder, and execs it so that node is PID 1 and gets
# SIGTERM itself. Run on a host, it works from the repository it sits in.
set -eu
app=$(cd "$(dirname "$0")/../.." && pwd)
service="${1:-}"
if [ -z "$service" ] || [ "${service#*/}" != "$service" ] || [ ! -f "$app/services/$service/dist/index.js" ]; then
  echo "payrail image: name the service to run, one of: $(ls "$app/services" | tr '\n' ' ')(got '${service}')." >&2
  exit 64
fi
shift
cd "$app/services/$service"
exec node dist/index.js "$@"
