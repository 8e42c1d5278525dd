#!/usr/bin/env bash
# Runs a command with the private, throwaway PostgreSQL cluster of scripts/pg-test-cluster.sh up,
# DOCKMASTER_TEST_PG_URL exported, and always stops (and deletes) it afterwards.
# If DOCKMASTER_TEST_PG_URL is already set, it just runs the command.
here=$(cd "$(dirname "$0")" && pwd)
exec bash "$here/with-test-service.sh" "$here/pg-test-cluster.sh" DOCKMASTER_TEST_PG_URL "$@"
