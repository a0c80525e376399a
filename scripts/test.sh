#!/bin/sh
# test.sh — the whole test suite, as CI runs it: installs what is missing,
# builds with -Werror, runs every test, then rebuilds with AddressSanitizer +
# UndefinedBehaviorSanitizer and runs every test again.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --test
jobs=$(nproc 2>/dev/null || echo 2)

echo "== build (-Werror) and test"
cmake -S . -B build-test -DAD_WERROR=ON -DAD_REQUIRE_TESTS=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-test -j"$jobs"
(cd build-test && ctest --output-on-failure -j"$jobs")

echo "== build with ASan + UBSan and test"
cmake -S . -B build-asan -DAD_WERROR=ON -DAD_REQUIRE_TESTS=ON -DAD_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build build-asan -j"$jobs"
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0"
export LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
(cd build-asan && ctest --output-on-failure -j"$jobs")

# reliability (issue 7): the fuzzer for a bounded minute, then valgrind
# memcheck of the program and the in-process unit tests on the -Werror build
echo "== fuzz the loader and every renderer for 60 s (clang, ASan + UBSan)"
unset ASAN_OPTIONS LSAN_OPTIONS UBSAN_OPTIONS
sh tests/fuzz/run.sh 60
echo "== valgrind memcheck"
sh tests/valgrind.sh build-test
