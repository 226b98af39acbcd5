# Targets stay thin: the logic lives in Go or in scripts/.
GO ?= go
BIN ?= bin/interviewbot

.PHONY: run build test lint bench bench-go calibrate release clean

## run: a mock interview in this terminal, on the embedded store (./interviewbot.db)
run:
	$(GO) run ./cmd/interviewbot try

## build: the binary in bin/
build:
	CGO_ENABLED=0 $(GO) build -trimpath -o $(BIN) ./cmd/interviewbot

## test: the whole suite, PostgreSQL included (started on loopback when TEST_DATABASE_URL is unset)
test:
	bash scripts/test.sh

## lint: go vet and gofmt
lint:
	$(GO) vet ./...
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi

## bench: the benchmark parts in scripts/bench/ (BENCH_PARTS="ingest grading" for some), written to docs/benchmarks.md
bench:
	bash scripts/bench.sh

## bench-go: the Go micro-benchmarks of every package
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./...

## calibrate: the grader against human-graded answers in ../shared/calibration (development only)
calibrate:
	bash scripts/calibrate.sh

## release: the static linux/amd64 binary deploy/Dockerfile copies into the image (dist/interviewbot-linux-amd64)
release:
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -trimpath -buildvcs=false -ldflags "-s -w" -o dist/interviewbot-linux-amd64 ./cmd/interviewbot

clean:
	rm -rf bin dist
