# OpenMFP top-level commands. `make run` and `make test` are the two set-up commands.
# SAN=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer into build-san/.
SAN ?= 0
JOBS ?= $(shell nproc)
ifeq ($(SAN),1)
BUILD_DIR ?= build-san
CMAKE_FLAGS += -DMFP_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
else
BUILD_DIR ?= build
CMAKE_FLAGS += -DCMAKE_BUILD_TYPE=RelWithDebInfo
endif
ifneq ($(CI),)
CMAKE_FLAGS += -DMFP_WERROR=ON
endif

.PHONY: all deps configure build run test format check-format tidy bench clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

run: build
	@bash scripts/run-demo.sh $(BUILD_DIR)

check-format: deps
	@bash scripts/check-format.sh

format: deps
	@bash scripts/check-format.sh --fix

test: build
	@bash scripts/check-format.sh
	@bash scripts/run-clang-tidy.sh $(BUILD_DIR)
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS) $(CTEST_ARGS)

tidy: build
	@bash scripts/run-clang-tidy.sh $(BUILD_DIR)

bench: build
	@bash bench/compare.sh $(BUILD_DIR)

clean:
	rm -rf build build-san
