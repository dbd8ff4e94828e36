// libFuzzer target for io/yaml.h: any byte string, parsed as a YAML document
// and read the way spec/expectations.yaml is (variants, exhaustive grids,
// property-based ranges), must end in values or an io::InputError whose
// message is one short line naming the file. Any other exception (a
// yaml-cpp one leaking through a helper) escapes and is a crash. Built and
// run by fuzz/run.sh; inputs that once failed live in
// fuzz/regressions/yaml/ and are replayed through this target by ctest
// (tests/fuzz_replay.cpp).
#include "io/yaml.h"

#include <climits>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

namespace {
using namespace smsmc::io;

void read_like_expectations(const YamlDocument& doc) {
  const YAML::Node& root = doc.root();
  const YAML::Node variants = doc.required(root, "", "variants");
  doc.expect_map(variants, "variants");
  for (const auto& entry : variants) {
    const std::string name = yaml_field("variants", doc.key(entry.first, "variants"));
    doc.expect_map(entry.second, name);
    for (const auto& p : entry.second) {
      const std::string property = yaml_field(name, doc.key(p.first, name));
      (void)doc.scalar(p.second, property);
    }
  }
  const YAML::Node exhaustive = doc.required(root, "", "exhaustive");
  doc.expect_map(exhaustive, "exhaustive");
  for (const auto& entry : exhaustive) {
    const std::string where = yaml_field("exhaustive", doc.key(entry.first, "exhaustive"));
    (void)doc.integer_list(doc.required(entry.second, where, "sites"), where + ".sites", 1, 64);
    (void)doc.integer_list(doc.required(entry.second, where, "logon_servers"), where + ".logon_servers", 0, 1024);
  }
  const YAML::Node property_based = doc.optional(root, "", "property_based");
  if (!property_based.IsDefined()) return;
  doc.expect_map(property_based, "property_based");
  for (const auto& entry : property_based) {
    const std::string where = yaml_field("property_based", doc.key(entry.first, "property_based"));
    (void)doc.integer_list(doc.required(entry.second, where, "sites"), where + ".sites", 1, 64);
    const YAML::Node schedulers = doc.required(entry.second, where, "schedulers");
    doc.expect_sequence(schedulers, where + ".schedulers");
    for (std::size_t i = 0; i < schedulers.size(); ++i)
      (void)doc.scalar(schedulers[i], where + ".schedulers[" + std::to_string(i) + "]");
    (void)doc.integer(doc.required(entry.second, where, "runs"), where + ".runs", 1, INT_MAX);
  }
}

void expect_one_line_about_the_file(const std::string& message) {
  if (message.rfind("fuzz.yaml:", 0) != 0 || message.size() > 1200) std::abort();
  for (char c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const YamlDocument doc(text, "fuzz.yaml");
    read_like_expectations(doc);
  } catch (const InputError& e) {
    expect_one_line_about_the_file(e.what());
  }
  return 0;
}
