// The gate as a user relies on it: passes on the expected matrix, fails on
// any flipped expectation (in either direction) with a trace and a diagram,
// catches a deliberately broken variant, and writes JUnit XML that validates.
#include "gate/gate.h"
#include "spec/variants.h"

#include <gtest/gtest.h>
#include <libxml/parser.h>
#include <libxml/xmlschemas.h>
#include <yaml-cpp/yaml.h>

#include <atomic>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace smsmc::gate {
namespace {

std::string read(const std::string& file) {
  std::ifstream in(file);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A patch nobody should ship: the two flawed patches combined (defer CONFIG
// jobs once SHUTDOWN.CT1 exists, and stop the despooler first). Each narrows
// the window; together they still leave the one before SHUTDOWN.CT1.
// Registered for the whole test program, so every expectations document
// here lists it.
const spec::Variant& broken = spec::register_variant(
    {"broken-combined", "test only: defer after SHUTDOWN.CT1 and stop the despooler first",
     sm::Switches{}
         .deferral(sm::ConfigDeferral::once_shutdown_requested)
         .shutdown_order(sm::ShutdownOrder::despooler_first)});

/// The project's expectations plus the broken variant's true verdicts (those
/// of original: racy, and the workaround recovers).
YAML::Node expectations_yaml() {
  YAML::Node yaml = YAML::Load(read(spec::default_expectations_file()));
  yaml["variants"][broken.name] = YAML::Clone(yaml["variants"]["original"]);
  return yaml;
}

spec::Expectations parse(const YAML::Node& node) {
  YAML::Emitter out;
  out << node;
  return spec::parse_expectations(out.c_str(), "test");
}

Options quick(std::vector<std::string> variants, const std::string& out_dir = "") {
  Options options;
  options.profile = "quick";
  options.variants = std::move(variants);
  options.out_dir = out_dir;
  options.seed = 7;
  return options;
}

std::string temp_dir(const std::string& name) {
  const std::string dir = std::filesystem::temp_directory_path().string() + "/smsmc-gate-test-" + name;
  std::filesystem::remove_all(dir);
  return dir;
}

const Cell* first_mismatch(const Result& result) {
  for (const Cell& cell : result.cells) {
    if (!cell.matches) return &cell;
  }
  return nullptr;
}

TEST(Gate, PassesOnTheExpectedMatrix) {
  const Result result = run(parse(expectations_yaml()), quick({}));
  EXPECT_TRUE(result.passed()) << text_table(result);
  EXPECT_GT(result.cells.size(), 100u);
}

TEST(Gate, FailsWhenARacyVariantIsExpectedToHold) {
  YAML::Node yaml = expectations_yaml();
  yaml["variants"]["original"]["no-config-failure"] = "holds";
  const std::string dir = temp_dir("flip-racy");
  const Result result = run(parse(yaml), quick({"original"}, dir));
  ASSERT_FALSE(result.passed());
  const Cell* cell = first_mismatch(result);
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->property, "no-config-failure");
  EXPECT_EQ(cell->expected, "holds");
  EXPECT_EQ(cell->got, "violated");
  EXPECT_NE(cell->detail.find("c0000001"), std::string::npos) << cell->detail;
  ASSERT_FALSE(cell->diagram_file.empty()) << cell->detail;
  EXPECT_TRUE(std::filesystem::exists(dir + "/" + cell->trace_file));
  EXPECT_TRUE(std::filesystem::exists(dir + "/" + cell->diagram_file));
  EXPECT_NE(text_table(result).find("MISMATCH"), std::string::npos);
}

TEST(Gate, FailsWhenARaceFreeVariantIsExpectedRacy) {
  // A racy variant that suddenly passes is a failure too.
  YAML::Node yaml = expectations_yaml();
  yaml["variants"]["handshake"]["no-lost-package"] = "violated";
  const Result result = run(parse(yaml), quick({"handshake"}));
  ASSERT_FALSE(result.passed());
  bool saw_exhaustive = false;
  bool saw_property_based = false;
  for (const Cell& cell : result.cells) {
    if (cell.matches) continue;
    saw_exhaustive |= cell.explorer == "exhaustive" && cell.property == "no-lost-package" && cell.got == "holds";
    saw_property_based |= cell.property == "schedules" && cell.got == "holds";
  }
  EXPECT_TRUE(saw_exhaustive);
  EXPECT_TRUE(saw_property_based) << "schedules must now be expected to find the race";
}

TEST(Gate, FailsWhenASharedParentExpectationIsFlipped) {
  // The shared parents' verdicts are those of `variants` unless `differs`
  // says otherwise: a wrong `differs` entry must fail the gate, at the
  // shared parent's cells only.
  YAML::Node yaml = expectations_yaml();
  yaml["shared_parent"]["parents"][0]["differs"]["original"]["no-config-failure"] = "holds";
  const Result result = run(parse(yaml), quick({"original"}));
  ASSERT_FALSE(result.passed());
  std::size_t mismatches = 0;
  for (const Cell& cell : result.cells) {
    if (cell.matches) continue;
    ++mismatches;
    EXPECT_EQ(cell.property, "no-config-failure");
    EXPECT_EQ(cell.got, "violated");
    EXPECT_NE(cell.configuration.find("hm=one-at-a-time"), std::string::npos) << cell.configuration;
  }
  EXPECT_GT(mismatches, 0u);
}

const Cell* timed_cell(const Result& result, const std::string& variant, const std::string& profile) {
  for (const Cell& cell : result.cells) {
    if (cell.explorer == "zones" && cell.variant == variant &&
        cell.configuration.rfind("timing=" + profile + " ", 0) == 0)
      return &cell;
  }
  return nullptr;
}

TEST(Gate, ChecksTheTimedThresholdOfTheKbProfile) {
  const Result result = run(parse(expectations_yaml()), quick({"original"}));
  EXPECT_TRUE(result.passed()) << text_table(result);
  const Cell* cell = timed_cell(result, "original", "kb-wan");
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->got, "M*=6");
  EXPECT_NE(cell->detail.find("holds at M=5 and is violated at M=6"), std::string::npos) << cell->detail;
  EXPECT_NE(cell->detail.find("t = 1,620 s"), std::string::npos) << cell->detail;
}

TEST(Gate, FailsWhenATimedThresholdIsFlipped) {
  YAML::Node yaml = expectations_yaml();
  yaml["timed"]["kb-wan"]["thresholds"]["original"] = 5;             // one too early
  yaml["timed"]["kb-wan"]["thresholds"]["handshake"] = 2;            // a race-free variant expected racy
  yaml["timed"]["fast-lan"]["thresholds"]["original"] = "race-free";  // a racy one expected race-free
  const Result result = run(parse(yaml), quick({"original", "handshake"}));
  ASSERT_FALSE(result.passed());
  const Cell* kb = timed_cell(result, "original", "kb-wan");
  ASSERT_NE(kb, nullptr);
  EXPECT_FALSE(kb->matches);
  EXPECT_EQ(kb->expected, "M*=5");
  EXPECT_EQ(kb->got, "M*=6");
  const Cell* handshake = timed_cell(result, "handshake", "kb-wan");
  ASSERT_NE(handshake, nullptr);
  EXPECT_FALSE(handshake->matches);
  EXPECT_EQ(handshake->got, "race-free M<=16");
  const Cell* lan = timed_cell(result, "original", "fast-lan");
  ASSERT_NE(lan, nullptr);
  EXPECT_FALSE(lan->matches);
  EXPECT_EQ(lan->got, "M*=0");
}

TEST(Gate, CatchesADeliberatelyBrokenVariantAndPassesOnceItsExpectationIsFlipped) {
  YAML::Node yaml = expectations_yaml();
  yaml["variants"][broken.name] = YAML::Clone(yaml["variants"]["handshake"]);  // its author claims race-free
  const std::string dir = temp_dir("broken");
  const Result failing = run(parse(yaml), quick({broken.name}, dir));
  ASSERT_FALSE(failing.passed());
  const Cell* cell = first_mismatch(failing);
  ASSERT_NE(cell, nullptr);
  ASSERT_TRUE(cell->trace.has_value());
  EXPECT_EQ(cell->trace->variant, broken.name);
  EXPECT_TRUE(std::filesystem::exists(dir + "/" + cell->diagram_file)) << cell->detail;

  yaml["variants"][broken.name] = YAML::Clone(yaml["variants"]["original"]);  // expectation flipped
  const Result passing = run(parse(yaml), quick({broken.name}));
  EXPECT_TRUE(passing.passed()) << text_table(passing);
}

TEST(Gate, JunitReportValidatesAndCountsTheFailures) {
  YAML::Node yaml = expectations_yaml();
  yaml["variants"]["despooler-stops-first"]["upgrade-completes"] = "holds";
  const Result result = run(parse(yaml), quick({"despooler-stops-first", "handshake"}));
  const std::string xml = junit_xml(result);

  xmlSchemaParserCtxtPtr parser = xmlSchemaNewParserCtxt(SMSMC_SOURCE_DIR "/tests/junit.xsd");
  ASSERT_NE(parser, nullptr);
  xmlSchemaPtr schema = xmlSchemaParse(parser);
  ASSERT_NE(schema, nullptr);
  xmlSchemaValidCtxtPtr validator = xmlSchemaNewValidCtxt(schema);
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr, 0);
  ASSERT_NE(doc, nullptr) << "not well-formed XML";
  EXPECT_EQ(xmlSchemaValidateDoc(validator, doc), 0) << xml.substr(0, 2000);

  const xmlNode* root = xmlDocGetRootElement(doc);
  ASSERT_STREQ(reinterpret_cast<const char*>(root->name), "testsuites");
  xmlChar* failures = xmlGetProp(root, reinterpret_cast<const xmlChar*>("failures"));
  EXPECT_EQ(std::stoul(reinterpret_cast<const char*>(failures)), result.mismatches());
  EXPECT_GT(result.mismatches(), 0u);
  std::size_t testcases = 0;
  for (const xmlNode* suite = root->children; suite != nullptr; suite = suite->next) {
    if (suite->type != XML_ELEMENT_NODE) continue;
    for (const xmlNode* tc = suite->children; tc != nullptr; tc = tc->next) testcases += tc->type == XML_ELEMENT_NODE;
  }
  EXPECT_EQ(testcases, result.cells.size());
  EXPECT_NE(xml.find("expected holds, got violated"), std::string::npos);
  xmlFree(failures);
  xmlFreeDoc(doc);
  xmlSchemaFreeValidCtxt(validator);
  xmlSchemaFree(schema);
  xmlSchemaFreeParserCtxt(parser);
}

TEST(Gate, MarkdownSummaryLinksTheDiagrams) {
  const std::string dir = temp_dir("markdown");
  Options options = quick({"original"}, dir);
  const Result result = run(parse(expectations_yaml()), options);
  const std::string md = markdown_summary(result, options);
  EXPECT_NE(md.find("## smsmc gate: passed"), std::string::npos) << md;
  EXPECT_NE(md.find("[diagram](traces/original-no-config-failure-exhaustive-"), std::string::npos) << md;
}

TEST(Gate, ABoundedProfileIsIncompleteUnlessItAllowsIt) {
  YAML::Node yaml = expectations_yaml();
  yaml["exhaustive"]["quick"]["max_states"] = 50;  // far too few to decide anything
  const Result bounded = run(parse(yaml), quick({"handshake"}));
  EXPECT_FALSE(bounded.passed());
  EXPECT_GT(bounded.incomplete(), 0u);
  EXPECT_EQ(bounded.mismatches(), bounded.incomplete()) << "only unknown cells fail: nothing differs";
  const Cell* cell = first_mismatch(bounded);
  ASSERT_NE(cell, nullptr);
  EXPECT_EQ(cell->got, "unknown");
  EXPECT_NE(cell->detail.find("incomplete: the check stopped (max-states)"), std::string::npos) << cell->detail;

  yaml["exhaustive"]["quick"]["allow_incomplete"] = true;
  const Result allowed = run(parse(yaml), quick({"handshake"}));
  EXPECT_TRUE(allowed.passed()) << text_table(allowed);
  std::size_t unknown = 0;
  for (const Cell& c : allowed.cells) unknown += c.got == "unknown" ? 1 : 0;
  EXPECT_EQ(unknown, bounded.incomplete()) << "the same cells, now accepted";
}

TEST(Gate, AllowingIncompleteRunsDoesNotHideAViolationThatWasFound) {
  YAML::Node yaml = expectations_yaml();
  yaml["exhaustive"]["quick"]["max_states"] = 300;
  yaml["exhaustive"]["quick"]["allow_incomplete"] = true;
  yaml["variants"]["original"]["no-config-failure"] = "holds";  // wrong, and the race is 4 steps deep
  const Result result = run(parse(yaml), quick({"original"}));
  ASSERT_FALSE(result.passed());
  EXPECT_EQ(first_mismatch(result)->got, "violated");
  EXPECT_EQ(result.incomplete(), 0u);
}

TEST(Gate, AStopFlagEndsTheGateBeforeItsNextCheck) {
  std::atomic<bool> stop{true};
  Options options = quick({"handshake", "original"});
  options.stop = &stop;
  const Result result = run(parse(expectations_yaml()), options);
  EXPECT_TRUE(result.interrupted);
  EXPECT_FALSE(result.passed());
  EXPECT_TRUE(result.cells.empty());
}

TEST(Gate, UnknownProfileOrVariantIsAnError) {
  Options options = quick({});
  options.profile = "nope";
  EXPECT_THROW(run(parse(expectations_yaml()), options), spec::ExpectationError);
  EXPECT_THROW(run(parse(expectations_yaml()), quick({"no-such-variant"})), std::invalid_argument);
}

}  // namespace
}  // namespace smsmc::gate
