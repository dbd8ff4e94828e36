// Issue 12, end to end through `smsmc`: hostile input files for `replay`,
// `render` and the expectations loader (`gate --expectations`), and
// numeric options and output paths the CLI must refuse before any work.
// Each case checks the exit code and the first line of the message, the
// table the issue closes with. (Signals and memory: stop_cli_test.cpp.)
#include "tests/process.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <limits>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace smsmc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::Finished;

const fs::path source_dir = SMSMC_SOURCE_DIR;

Finished smsmc(const std::vector<std::string>& args, double seconds = 60) {
  return testing::run_process(SMSMC_BINARY, args, seconds);
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class Hostile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "smsmc-hostile-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& content) const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }
  std::string fifo(const std::string& name) const {
    const fs::path path = dir_ / name;
    EXPECT_EQ(::mkfifo(path.c_str(), 0600), 0);
    return path.string();
  }
  /// A file of `bytes` bytes that takes no disk (a hole).
  std::string sparse(const std::string& name, std::uint64_t bytes) const {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary).close();
    fs::resize_file(path, bytes);
    return path.string();
  }
  static json golden() { return json::parse(slurp(source_dir / "traces" / "original-N1-M1-no-config-failure.json")); }

  fs::path dir_;
};

/// Exit 2 and a first line of stderr that says `message`.
void expect_refused(const Finished& run, const std::string& message) {
  EXPECT_FALSE(run.timed_out) << "hung: " << run.describe();
  EXPECT_TRUE(run.exited) << run.describe();
  EXPECT_EQ(run.code, 2) << run.describe();
  EXPECT_NE(run.first_error_line().find(message), std::string::npos)
      << "expected '" << message << "' in the first line of:\n"
      << run.describe();
  // One line, whatever the input held.
  EXPECT_LE(run.first_error_line().size(), 400u) << run.first_error_line();
}

constexpr std::uint64_t mib = std::uint64_t{1} << 20;

// ---- trace files: replay and render ------------------------------------------

TEST_F(Hostile, AFifoIsRefusedByNameWithoutWaitingForAWriter) {
  const std::string path = fifo("trace.json");
  expect_refused(smsmc({"replay", path}, 20), path + ": is a FIFO (named pipe), not a regular file");
  expect_refused(smsmc({"render", path, "-o", (dir_ / "x.svg").string()}, 20), "is a FIFO (named pipe)");
}

TEST_F(Hostile, DevicesAreRefusedBeforeAnyByteIsRead) {
  expect_refused(smsmc({"replay", "/dev/zero"}, 20), "/dev/zero: is a character device, not a regular file");
  expect_refused(smsmc({"replay", "/dev/urandom"}, 20), "/dev/urandom: is a character device, not a regular file");
  expect_refused(smsmc({"render", "/dev/zero", "-o", (dir_ / "x.svg").string()}, 20), "is a character device");
}

TEST_F(Hostile, AFolderIsRefusedAsAFolderNotAsBadJson) {
  expect_refused(smsmc({"replay", dir_.string()}), dir_.string() + ": is a directory, not a regular file");
  expect_refused(smsmc({"render", dir_.string(), "-o", (dir_ / "x.svg").string()}), "is a directory");
}

TEST_F(Hostile, AFileOverTheSizeCapIsRefusedByItsSize) {
  const std::string path = sparse("big.json", 200 * mib);
  const Finished run = smsmc({"replay", path});
  expect_refused(run, path + ": is 200 MiB, over the input limit of 64 MiB; raise the limit with --max-input-size");
  expect_refused(smsmc({"replay", "--max-input-size", "300M", path}), "malformed trace: not valid JSON");
  expect_refused(smsmc({"replay", "--max-input-size", "-1", path}), "--max-input-size");
}

TEST_F(Hostile, DeepNestingStopsAtTheCapNotAtTheMemoryLimit) {
  // 200 MB of '[': a tree of 5 GB before the cap, one level past it now.
  const std::string path = file("deep.json", std::string(200 * mib, '['));
  const Finished run = smsmc({"replay", "--max-input-size", "256M", path});
  expect_refused(run, path + ": malformed trace: nested deeper than 64 levels (at byte 64)");
#if !defined(__SANITIZE_ADDRESS__)
  // The file itself and little more (ASan's shadow memory would blur this).
  EXPECT_LT(run.max_rss_kib, 1024 * 1024) << "peak " << run.max_rss_kib << " KiB";
#endif
}

TEST_F(Hostile, AHugeStringIsEchoedShortened) {
  // 16 MiB shows it as well as the 200 MB (which the size cap now
  // refuses first), at a tenth of the cost under the sanitizers.
  json trace = golden();
  trace["variant"] = std::string(16 * mib, 'a');
  const std::string path = file("long.json", trace.dump());
  const Finished run = smsmc({"replay", path});
  expect_refused(run, "malformed trace: field 'variant' is 16777216 bytes long, over 256: 'aaaa");
  EXPECT_NE(run.first_error_line().find("... (16777216 bytes)'"), std::string::npos) << run.first_error_line();
}

TEST_F(Hostile, TwoToThe64MinusOneIsReadAsUnsignedNeverAsMinusOne) {
  json trace = golden();
  trace["sites"] = std::numeric_limits<std::uint64_t>::max();
  expect_refused(smsmc({"replay", file("sites.json", trace.dump())}),
                 "malformed trace: field 'sites' is 18446744073709551615, outside 1..64");
  trace = golden();
  trace["loop_start"] = std::numeric_limits<std::uint64_t>::max();
  expect_refused(smsmc({"replay", file("loop.json", trace.dump())}),
                 "field 'loop_start' is 18446744073709551615, outside 0..4");
  // A seed may be any 64-bit number, and is shown as one.
  trace = golden();
  trace["found_by"] = {{"explorer", "rapidcheck-uniform"}, {"seed", std::numeric_limits<std::uint64_t>::max()}};
  const Finished seed = smsmc({"replay", "-q", file("seed.json", trace.dump())});
  EXPECT_EQ(seed.code, 1) << seed.describe();
  EXPECT_NE(seed.out.find("(seed 18446744073709551615)"), std::string::npos) << seed.describe();
  trace["found_by"]["seed"] = -1;
  expect_refused(smsmc({"replay", file("negative.json", trace.dump())}),
                 "field 'found_by.seed' is -1, outside 0..18446744073709551615");
}

TEST_F(Hostile, ANulInANameIsShownNotTruncated) {
  json trace = golden();
  trace["steps"][0]["actor"] = std::string("hierarchy_manager\0[1] and after", 31);
  const std::string path = file("nul.json", trace.dump());
  expect_refused(smsmc({"replay", path}),
                 "malformed trace: field 'steps[0].actor' holds a control character: "
                 "'hierarchy_manager\\x00[1] and after'");
  expect_refused(smsmc({"render", path, "-o", (dir_ / "x.svg").string()}), "'hierarchy_manager\\x00[1] and after'");
  // A terminal escape sequence is shown, not sent to the terminal.
  trace["steps"][0]["actor"] = "\x1b[2J";
  expect_refused(smsmc({"replay", file("escape.json", trace.dump())}), "holds a control character: '\\x1b[2J'");
}

TEST_F(Hostile, AMissingFileSaysWhy) {
  expect_refused(smsmc({"replay", (dir_ / "none.json").string()}), "none.json: cannot open: No such file or directory");
}

// ---- the expectations file: gate --expectations ----------------------------

Finished gate_with(const std::string& expectations) {
  return smsmc({"gate", "--quick", "--out", "", "--expectations", expectations}, 60);
}

std::string expectations_text() { return slurp(source_dir / "spec" / "expectations.yaml"); }

TEST_F(Hostile, TheExpectationsLoaderRefusesWhatIsNotARegularFile) {
  const std::string path = fifo("e.yaml");
  expect_refused(gate_with(path), path + ": is a FIFO (named pipe), not a regular file");
  expect_refused(gate_with("/dev/zero"), "/dev/zero: is a character device, not a regular file");
  expect_refused(gate_with(dir_.string()), dir_.string() + ": is a directory, not a regular file");
  expect_refused(gate_with(sparse("big.yaml", 200 * mib)), "big.yaml: is 200 MiB, over the input limit of 64 MiB");
}

TEST_F(Hostile, TheExpectationsLoaderBlamesTheFileLineAndField) {
  std::string text = expectations_text();
  const std::string grid = "gate: {sites: [1, 2, 3]";
  ASSERT_NE(text.find(grid), std::string::npos);
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(text.find(grid)), '\n') + 1;
  text.replace(text.find(grid), grid.size(), "gate: {sites: [1, 2, 65]");
  const std::string path = file("sites65.yaml", text);
  // The file, not --sites, is to blame.
  expect_refused(gate_with(path), path + ":" + std::to_string(line) + ": exhaustive.gate.sites[2]: 65 is outside 1..64");
}

TEST_F(Hostile, TheExpectationsLoaderCapsNestingAndRangesAndShowsControlCharacters) {
  expect_refused(gate_with(file("deep.yaml", "variants: " + std::string(100000, '['))), "deep.yaml:1: nested deeper than 32 levels");
  std::string text = expectations_text();
  text.replace(text.find("runs: 2000"), 10, "runs: 18446744073709551615");
  expect_refused(gate_with(file("runs.yaml", text)), "property_based.gate.runs: 18446744073709551615 is outside 1..2147483647");
  text = expectations_text();
  const std::size_t at = text.find("  handshake:");
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  text.replace(at, 12, std::string("  hand\0shake:", 13));
  expect_refused(gate_with(file("nul.yaml", text)),
                 "nul.yaml:" + std::to_string(line) + ": holds the control character \\x00");
}

// ---- bounds of the command line --------------------------------------------

TEST_F(Hostile, NegativeNanAndInfiniteNumbersAreRefusedByName) {
  expect_refused(smsmc({"check", "--max-states", "-5"}),
                 "--max-states: must be a whole number in 0..18446744073709551615, not '-5'");
  expect_refused(smsmc({"check", "--timeout", "nan"}),
                 "--timeout: must be a number of seconds such as 60 or 0.5 (0: no bound), not 'nan'");
  expect_refused(smsmc({"check", "--timeout", "inf"}), "--timeout: must be a number of seconds");
  expect_refused(smsmc({"check", "--timeout", "-1"}), "--timeout: must be 0 or more seconds (0: no bound), not '-1'");
  expect_refused(smsmc({"check", "--max-memory", "6GB"}), "--max-memory: decimal units are ambiguous; write 6G or 6GiB");
  expect_refused(smsmc({"check", "--max-memory", "-1"}), "--max-memory: a size cannot be negative");
  expect_refused(smsmc({"check", "--threads", "0"}), "--threads: is 0, outside 1..256");
  expect_refused(smsmc({"simulate", "--runs", "0"}), "--runs: is 0, outside 1..2147483647");
  expect_refused(smsmc({"simulate", "--seed", "-1"}), "--seed: must be a whole number in 0..18446744073709551615, not '-1'");
  expect_refused(smsmc({"gate", "--threads", "1000"}), "--threads: is 1000, outside 1..256");
}

TEST_F(Hostile, ZeroMeansNoBoundAndHelpSaysSo) {
  const Finished help = smsmc({"check", "--help"});
  ASSERT_EQ(help.code, 0) << help.describe();
  for (const char* option : {"--max-states", "--timeout", "--max-memory"}) {
    const std::size_t at = help.out.find(option);
    ASSERT_NE(at, std::string::npos) << option;
    const std::size_t next = help.out.find("\n  -", at);
    EXPECT_NE(help.out.substr(at, next - at).find("0: no bound"), std::string::npos) << option << " in\n" << help.out;
  }
  // A check with every bound at 0 runs to the end.
  const Finished run = smsmc({"check", "-v", "handshake", "-n", "2", "-m", "1", "--max-states", "0", "--timeout", "0",
                              "--max-memory", "0"});
  EXPECT_EQ(run.code, 0) << run.describe();
  EXPECT_EQ(run.out.find("partial"), std::string::npos) << run.describe();
}

TEST_F(Hostile, ChangePointsAreCappedByTheScheduleLength) {
  expect_refused(smsmc({"simulate", "--scheduler", "pct", "--change-points", "1000000000"}),
                 "--change-points is 1000000000, more than the 9 steps of a schedule at N=1, M=1 (at most 9)");
  const Finished ok = smsmc({"simulate", "--scheduler", "pct", "--change-points", "9", "-v", "handshake", "--runs", "5"});
  EXPECT_EQ(ok.code, 0) << ok.describe();
}

TEST_F(Hostile, OutputPathsAreCheckedBeforeTheSearchWithTheReason) {
  const std::string missing = (dir_ / "no-such-folder" / "race.json").string();
  const Finished run = smsmc({"check", "-n", "3", "-m", "16", "--trace-out", missing});
  expect_refused(run, "--trace-out: cannot write '" + missing + "': No such file or directory");
  EXPECT_EQ(run.out.find("environment"), std::string::npos) << "the search ran first:\n" << run.out;
  const std::string a_file = file("not-a-folder", "x");
  expect_refused(smsmc({"check", "--trace-dir", a_file}), "--trace-dir: cannot write '" + a_file + "'");
  expect_refused(smsmc({"check", "--trace-out", dir_.string()}), "--trace-out: cannot write '" + dir_.string() + "': it is a folder");
  expect_refused(smsmc({"simulate", "--trace-out", missing}), "--trace-out: cannot write");
  expect_refused(smsmc({"gate", "--quick", "--out", a_file}), "--out: cannot write '" + a_file + "': it is not a folder");
}

}  // namespace
}  // namespace smsmc
