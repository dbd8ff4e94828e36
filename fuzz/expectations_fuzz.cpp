// libFuzzer target for the expectations loader itself
// (spec::parse_expectations, which `smsmc gate --expectations` and the tests
// use): any byte string must end in Expectations or an ExpectationError
// whose message is one short, printable line starting with the file name
// (the "file:line: field: problem" promise of io/yaml.h). Any other
// exception escapes and is a crash. Built and run by fuzz/run.sh; inputs
// that once failed live in fuzz/regressions/expectations/ and are replayed
// through this target by ctest (tests/fuzz_replay.cpp).
#include "spec/expectations.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const smsmc::spec::Expectations expectations = smsmc::spec::parse_expectations(text, "fuzz.yaml");
    // What the gate asks of a loaded file must not throw anything else.
    for (const auto& [variant, properties] : expectations.outcomes) {
      for (const auto& [property, outcome] : properties) (void)expectations.expected(variant, property);
      (void)expectations.expects_race(variant);
    }
  } catch (const smsmc::spec::ExpectationError& e) {
    const std::string message = e.what();
    if (message.rfind("fuzz.yaml", 0) != 0 || message.size() > 1200) std::abort();
    for (char c : message) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
    }
  }
  return 0;
}
