#!/usr/bin/env bash
# Runs a command with the private, throwaway redis-server of scripts/redis-test-server.sh up,
# DOCKMASTER_TEST_REDIS_URL exported, and always stops it afterwards.
# If DOCKMASTER_TEST_REDIS_URL is already set, it just runs the command.
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/with-test-service.sh" "$here/redis-test-server.sh" DOCKMASTER_TEST_REDIS_URL "$@"
