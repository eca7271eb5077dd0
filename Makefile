# Entry points. `make run` and `make test` install what is missing first (see README).

BUILD_DIR ?= build
BUILD_TYPE ?= RelWithDebInfo
# A second build of the C++ code with clang, AddressSanitizer, UndefinedBehaviorSanitizer and
# libFuzzer coverage: it runs the C++ test suite sanitized, and the request fuzzer.
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 60
PORT ?= 8080
DATA_DIR ?= data

.PHONY: all deps build sanitize-build test test-sanitize fuzz run demo bench format clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)
	cmake --build $(BUILD_DIR)

# Unoptimised (-O0 compiles the sanitized code more than twice as fast; the tests still take
# seconds), with assertions on and line tables for the sanitizers' stack traces.
sanitize-build: deps
	CC=clang CXX=clang++ cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug \
	  -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" \
	  -DEXCHANGE_SANITIZE=ON -DEXCHANGE_FUZZ=ON -DEXCHANGE_WITH_CLIENTS=OFF
	cmake --build $(SANITIZE_DIR)

# Every test: the normal build's suite (C++, Python SDK, web app, crash safety), then the C++
# suite under sanitizers, then a bounded fuzzing run.
test: build sanitize-build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j 2
	$(MAKE) --no-print-directory test-sanitize fuzz

test-sanitize:
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(SANITIZE_DIR) --output-on-failure -j 2 -E crash_safety

# New inputs go to the first corpus directory; backend/fuzz/seeds (read only) and the dictionary
# start it at the cohort requests and socket paths (backend/fuzz/make_seeds.py).
fuzz:
	mkdir -p $(SANITIZE_DIR)/fuzz-corpus
	$(SANITIZE_DIR)/bin/request_fuzzer -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -dict=backend/fuzz/request_fuzzer.dict -print_final_stats=1 \
	  $(SANITIZE_DIR)/fuzz-corpus backend/fuzz/seeds

run: build
	@echo "Exchange starting at http://localhost:$(PORT)/ (data in $(DATA_DIR)/)"
	$(BUILD_DIR)/bin/exchange --port $(PORT) --data-dir $(DATA_DIR) --web-dir frontend/build

# `make demo COHORT=fall-26` runs the demo in that cohort (created if missing) instead of the
# default one.
demo: build
	scripts/demo.sh --port $(PORT) --build-dir $(BUILD_DIR) $(if $(COHORT),--cohort $(COHORT))

bench: build
	$(BUILD_DIR)/bin/core_bench

format:
	find backend -name '*.cpp' -o -name '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD_DIR)
