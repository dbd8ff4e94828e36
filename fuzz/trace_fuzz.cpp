// libFuzzer target for the trace reader and replay: any byte string must end
// in a parsed-and-replayed trace, a TraceError or a TraceMismatch, never in a
// crash, a sanitizer report or another exception. Built and run by
// fuzz/run.sh; inputs that once failed live in fuzz/regressions/ and are
// replayed by tests/trace_test.cpp.
#include "trace/replay.h"
#include "trace/trace.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  smsmc::trace::Trace trace;
  try {
    trace = smsmc::trace::trace_from_json(text);
  } catch (const smsmc::trace::TraceError&) {
    return 0;
  }
  // The fuzzer cannot guess the fingerprint; replay must be robust anyway.
  smsmc::trace::ReplayOptions options;
  options.check_fingerprint = false;
  try {
    (void)smsmc::trace::replay_trace(trace, options);
  } catch (const smsmc::trace::TraceMismatch&) {
  }
  return 0;
}
