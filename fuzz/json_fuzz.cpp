// libFuzzer target for io/json.h and io/text.h: any byte string must end in
// a parsed document or an io::InputError, and every message (and every
// printable() of the input) must be one short line without control
// characters. The document is then read the way a trace is, field by field,
// with the range-checked getters. Built and run by fuzz/run.sh; inputs that
// once failed live in fuzz/regressions/json/ and are replayed
// through this target by ctest (tests/fuzz_replay.cpp).
#include "io/json.h"
#include "io/text.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {
using nlohmann::json;
using namespace smsmc::io;

// A broken promise is a crash, so the fuzzer keeps the input.
void expect_one_short_line(std::string_view message, std::size_t max) {
  if (message.size() > max) std::abort();
  for (char c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
  }
}

void read_like_a_trace(const json& doc) {
  (void)get_string(doc, "format", "");
  (void)get_unsigned(doc, "version", "", 1, 2);
  (void)get_unsigned(doc, "sites", "", 1, 64);
  (void)get_unsigned(doc, "logon_servers", "", 0, 1024);
  (void)get_integer(doc, "offset", "", -5, 5);
  const json& found_by = member(doc, "found_by", "");
  (void)get_string(found_by, "explorer", "found_by");
  if (found_by.is_object() && found_by.contains("seed"))
    (void)get_unsigned(found_by, "seed", "found_by", 0, UINT64_MAX);
  const json& steps = member(doc, "steps", "");
  if (!steps.is_array()) return;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string where = element_path("steps", i);
    (void)get_unsigned(steps[i], "step", where, 0, std::uint64_t{1} << 40);
    const json& states = member(steps[i], "states", where);
    if (!states.is_object()) continue;
    for (auto it = states.begin(); it != states.end(); ++it) {
      const std::string shown = describe(it.value()) + member_path(where, it.key());
      expect_one_short_line(shown, 4096);
    }
    const json& log = member(steps[i], "log", where);
    if (log.is_array() && !log.empty()) (void)as_unsigned(log[0], element_path(where + ".log", 0), 0, 10);
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  // 60 characters of at most 4 bytes each (an escape is 4), plus the length.
  expect_one_short_line(printable(text), 60 * 4 + 40);
  json doc;
  try {
    doc = parse_json(text);
  } catch (const InputError& e) {
    expect_one_short_line(e.what(), 600);
    return 0;
  }
  try {
    read_like_a_trace(doc);
  } catch (const InputError& e) {
    expect_one_short_line(e.what(), 1000);
  }
  return 0;
}
