// tools/smsmc/bounds.h: numeric options refuse what CLI11 would otherwise
// wrap or accept (negative unsigned, NaN, inf), and output paths are checked
// before a run, with the OS reason.
#include "tools/smsmc/bounds.h"

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace smsmc::cli::bounds {
namespace {

namespace fs = std::filesystem;

/// An app with the options of `check` and `simulate` that take numbers.
struct Options {
  CLI::App app{"test"};
  double timeout = -1;
  std::uint64_t max_states = 7;
  std::uint64_t max_memory = 7;
  int runs = 100;
  unsigned threads = 1;
  Options() {
    app.add_option("--timeout", timeout)->check(seconds());
    app.add_option("--max-states", max_states)->check(whole_number(0, UINT64_MAX));
    app.add_option("--max-memory", max_memory)->transform(memory_size());
    app.add_option("--runs", runs)->check(whole_number(1, INT_MAX));
    app.add_option("--threads", threads)->check(whole_number(1, 256));
  }
  /// "" when the command line parses, else CLI11's message.
  std::string parse(const std::string& line) {
    try {
      app.parse(line, false);
    } catch (const CLI::ParseError& e) {
      return e.what();
    }
    return "";
  }
};

TEST(Bounds, TimeoutIsAFiniteNonNegativeNumber) {
  for (const char* ok : {"0", "60", "0.5", "1e3", "2.5E-1"}) {
    Options o;
    EXPECT_EQ(o.parse(std::string("--timeout ") + ok), "") << ok;
  }
  Options o;
  EXPECT_EQ(o.parse("--timeout 1e3"), "");
  EXPECT_EQ(o.timeout, 1000.0);
  EXPECT_EQ(Options().parse("--timeout nan"),
            "--timeout: must be a number of seconds such as 60 or 0.5 (0: no bound), not 'nan'");
  EXPECT_EQ(Options().parse("--timeout=-5"), "--timeout: must be 0 or more seconds (0: no bound), not '-5'");
  EXPECT_EQ(Options().parse("--timeout -5"), "--timeout: must be 0 or more seconds (0: no bound), not '-5'");
  EXPECT_EQ(Options().parse("--timeout 1e999"), "--timeout: is too large: '1e999'");
  for (const char* bad : {"inf", "-inf", "infinity", "0x10", "10s", "", "1e", "."}) {
    Options b;
    EXPECT_NE(b.parse(std::string("--timeout=") + bad), "") << bad;
  }
}

TEST(Bounds, MaxStatesRefusesANegativeNumberCli11WouldWrap) {
  // Without the validator: CLI11 reads "-5" into an unsigned as a huge bound.
  {
    CLI::App raw;
    std::uint64_t value = 0;
    raw.add_option("--max-states", value);
    try {
      raw.parse("--max-states -5", false);
      EXPECT_GT(value, 1000000u) << "CLI11 now refuses it itself; the validator is still right";
    } catch (const CLI::ParseError&) {
    }
  }
  EXPECT_EQ(Options().parse("--max-states -5"),
            "--max-states: must be a whole number in 0..18446744073709551615, not '-5'");
  EXPECT_EQ(Options().parse("--max-states 1e6"),
            "--max-states: must be a whole number in 0..18446744073709551615, not '1e6'");
  EXPECT_EQ(Options().parse("--max-states 18446744073709551616"),
            "--max-states: is '18446744073709551616', outside 0..18446744073709551615");
  Options o;
  EXPECT_EQ(o.parse("--max-states 18446744073709551615"), "");
  EXPECT_EQ(o.max_states, UINT64_MAX);
  Options zero;
  EXPECT_EQ(zero.parse("--max-states 0"), "");  // 0: no bound, as documented
  EXPECT_EQ(zero.max_states, 0u);
}

TEST(Bounds, RunsAndThreadsHaveRanges) {
  EXPECT_EQ(Options().parse("--runs 0"), "--runs: is 0, outside 1..2147483647");
  EXPECT_EQ(Options().parse("--runs 2147483648"), "--runs: is 2147483648, outside 1..2147483647");
  EXPECT_EQ(Options().parse("--runs -1"), "--runs: must be a whole number in 1..2147483647, not '-1'");
  EXPECT_EQ(Options().parse("--threads 0"), "--threads: is 0, outside 1..256");
  EXPECT_EQ(Options().parse("--threads -1"), "--threads: must be a whole number in 1..256, not '-1'");
  Options o;
  EXPECT_EQ(o.parse("--runs 2147483647 --threads 256"), "");
  EXPECT_EQ(o.runs, INT_MAX);
  EXPECT_EQ(o.threads, 256u);
}

TEST(Bounds, MaxMemoryBecomesBytes) {
  Options o;
  EXPECT_EQ(o.parse("--max-memory 1.5GiB"), "");
  EXPECT_EQ(o.max_memory, std::uint64_t{3} << 29);
  Options zero;
  EXPECT_EQ(zero.parse("--max-memory 0"), "");
  EXPECT_EQ(zero.max_memory, 0u);
  EXPECT_EQ(Options().parse("--max-memory 6GB"),
            "--max-memory: decimal units are ambiguous; write 6G or 6GiB (binary units) (got '6GB')");
  EXPECT_EQ(Options().parse("--max-memory -1G"),
            "--max-memory: a size cannot be negative; expected a size such as 512M, 6G, 1.5GiB or a byte count (0: no "
            "bound) (got '-1G')");
  EXPECT_NE(Options().parse("--max-memory nan"), "");
}

TEST(Bounds, ChangePointsAreCappedByTheScheduleLength) {
  EXPECT_NO_THROW(check_change_points(0, 57, "N=1, M=3"));
  EXPECT_NO_THROW(check_change_points(57, 57, "N=1, M=3"));
  try {
    check_change_points(1000000000, 57, "N=1, M=3");
    ADD_FAILURE() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(),
                 "--change-points is 1000000000, more than the 57 steps of a schedule at N=1, M=3 (at most 57)");
  }
  EXPECT_THROW(check_change_points(-1, 57, "N=1, M=3"), std::invalid_argument);
}

class OutputPaths : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "smsmc-out-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
  }
  void TearDown() override {
    ::chmod(dir_.c_str(), 0700);
    fs::remove_all(dir_);
  }
  static std::string refusal(void (*check)(const std::string&, std::string_view), const std::string& path,
                             const char* option) {
    try {
      check(path, option);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  }
  [[nodiscard]] std::string at(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(OutputPaths, AWritableFileIsNotLeftBehindNorChanged) {
  EXPECT_EQ(refusal(check_output_file, at("race.json"), "--trace-out"), "");
  EXPECT_FALSE(fs::exists(at("race.json")));  // the check created and removed it
  std::ofstream(at("kept.json")) << "old content";
  EXPECT_EQ(refusal(check_output_file, at("kept.json"), "--trace-out"), "");
  std::ifstream in(at("kept.json"));
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), "old content");
}

TEST_F(OutputPaths, FileRefusalsNameTheOptionPathAndReason) {
  EXPECT_EQ(refusal(check_output_file, at("missing/race.json"), "--trace-out"),
            "--trace-out: cannot write '" + at("missing/race.json") + "': No such file or directory");
  EXPECT_EQ(refusal(check_output_file, dir_.string(), "--trace-out"),
            "--trace-out: cannot write '" + dir_.string() + "': it is a folder");
  std::ofstream(at("file")) << "x";
  EXPECT_EQ(refusal(check_output_file, at("file/race.json"), "--trace-out"),
            "--trace-out: cannot write '" + at("file/race.json") + "': Not a directory");
  EXPECT_EQ(refusal(check_output_file, "", "--trace-out"), "--trace-out: an empty path");
  if (::geteuid() != 0) {  // root writes anywhere: only an unprivileged run can check EACCES
    ::chmod(dir_.c_str(), 0500);
    EXPECT_EQ(refusal(check_output_file, at("race.json"), "--trace-out"),
              "--trace-out: cannot write '" + at("race.json") + "': Permission denied");
  }
}

TEST_F(OutputPaths, FoldersAreCreatedAndTested) {
  EXPECT_EQ(refusal(check_output_folder, at("a/b/c"), "--trace-dir"), "");
  EXPECT_TRUE(fs::is_directory(at("a/b/c")));
  EXPECT_TRUE(fs::is_empty(at("a/b/c")));  // the probe file is gone
  std::ofstream(at("file")) << "x";
  EXPECT_EQ(refusal(check_output_folder, at("file"), "--out"),
            "--out: cannot write '" + at("file") + "': it is not a folder");
  EXPECT_EQ(refusal(check_output_folder, at("file/sub"), "--out"),
            "--out: cannot write '" + at("file/sub") + "': Not a directory");
  if (::geteuid() != 0) {
    ::chmod(dir_.c_str(), 0500);
    EXPECT_EQ(refusal(check_output_folder, at("new"), "--out"),
              "--out: cannot write '" + at("new") + "': Permission denied");
  }
}

}  // namespace
}  // namespace smsmc::cli::bounds
