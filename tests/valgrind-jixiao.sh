#!/usr/bin/env bash
# Runs the real jixiao ($JIXIAO_REAL) under valgrind memcheck: any invalid access or definite leak
# (outside the system-library leaks in tests/valgrind.supp) makes it exit 99, which the integration
# scripts see as a wrong exit status.
here=$(cd "$(dirname "$0")" && pwd)
exec env G_SLICE=always-malloc valgrind -q --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
  --error-exitcode=99 --suppressions="$here/valgrind.supp" "${JIXIAO_REAL:?}" "$@"
