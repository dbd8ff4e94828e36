// io/: hostile input files and documents. Every case must end in an
// InputError whose message names the file (or field) and stays short, never
// in a hang, a crash, an unbounded read or a misleading message.
#include "io/json.h"
#include "io/read.h"
#include "io/text.h"
#include "io/yaml.h"
#include "tests/child.h"

#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace smsmc::io {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "smsmc-io-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }
  [[nodiscard]] std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(file(name), std::ios::binary) << content;
    return file(name);
  }

 private:
  fs::path path_;
};

/// The InputError message of `f()`, or a failure when it does not throw one.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no InputError was thrown";
  return {};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// --- printable -------------------------------------------------------------

TEST(Printable, KeepsUtf8AndShowsControlBytes) {
  EXPECT_EQ(printable("despooler[1]"), "despooler[1]");
  EXPECT_EQ(printable(std::string("a\0b", 3)), "a\\x00b");
  EXPECT_EQ(printable("line\nbreak\ttab\x1b[31m"), "line\\x0abreak\\x09tab\\x1b[31m");
  EXPECT_EQ(printable("back\\slash"), "back\\\\slash");
  EXPECT_EQ(printable("Gr\xc3\xbc\xc3\x9f"
                      "e \xe2\x86\x92"),
            "Gr\xc3\xbc\xc3\x9f"
            "e \xe2\x86\x92");                              // UTF-8 kept
  EXPECT_EQ(printable("\xff\xc3"), "\\xff\\xc3");           // not UTF-8
  EXPECT_EQ(printable("\xc0\xaf"), "\\xc0\\xaf");           // overlong '/'
  EXPECT_EQ(printable("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(printable("\xc2\x9b"), "\\xc2\\x9b");           // C1 control (CSI)
}

TEST(Printable, CutsLongTextAndSaysHowLong) {
  const std::string huge(200u << 20, 'a');
  const std::string shown = printable(huge);
  EXPECT_EQ(shown, std::string(echo_limit, 'a') + "... (209715200 bytes)");
  EXPECT_EQ(printable(std::string(60, 'b')), std::string(60, 'b'));  // exactly at the limit: whole
  // An escape counts as one character: 60 NULs show as 60 escapes, cut after.
  EXPECT_EQ(printable(std::string(61, '\0')).substr(0, 8), "\\x00\\x00");
  EXPECT_TRUE(contains(printable(std::string(61, '\0')), "... (61 bytes)"));
  EXPECT_EQ(quoted("x", 5), "'x'");
}

// --- read_input_file ---------------------------------------------------------

TEST(ReadInputFile, ReadsARegularFile) {
  TempDir dir;
  const std::string file = dir.write("t.json", std::string("{\"a\":1}\0tail", 12));
  EXPECT_EQ(read_input_file(file), std::string("{\"a\":1}\0tail", 12));
}

TEST(ReadInputFile, MissingFileNamesFileAndReason) {
  TempDir dir;
  const std::string message = error_of([&] { (void)read_input_file(dir.file("absent.json")); });
  EXPECT_TRUE(contains(message, "absent.json: cannot open: No such file or directory")) << message;
}

TEST(ReadInputFile, RefusesAFifoWithoutBlocking) {
  TempDir dir;
  const std::string fifo = dir.file("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // In a child: if the open blocked (no writer), the alarm kills it.
  const testing::ChildStatus status = testing::run_in_child(
      [&] {
        try {
          (void)read_input_file(fifo);
        } catch (const InputError& e) {
          return contains(e.what(), "pipe: is a FIFO (named pipe), not a regular file") ? 0 : 1;
        }
        return 2;
      },
      5);
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
}

TEST(ReadInputFile, RefusesDevicesWithoutReadingThem) {
  for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    const auto start = std::chrono::steady_clock::now();
    const std::string message = error_of([&] { (void)read_input_file(device); });
    EXPECT_EQ(message, std::string(device) + ": is a character device, not a regular file");
    // Refused on its type, not after reading up to the cap (a real hang or
    // a 64 MiB read would be seconds; this is a sanity bound, not a timing).
    EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), 5.0);
  }
}

TEST(ReadInputFile, RefusesADirectoryAndASocket) {
  TempDir dir;
  EXPECT_TRUE(contains(error_of([&] { (void)read_input_file(dir.file("")); }), ": is a directory, not a regular file"));
  const std::string socket_path = dir.file("sock");
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  ASSERT_LT(socket_path.size(), sizeof address.sun_path);
  std::copy(socket_path.begin(), socket_path.end(), address.sun_path);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(error_of([&] { (void)read_input_file(socket_path); }), socket_path + ": is a socket, not a regular file");
  ::close(fd);
}

TEST(ReadInputFile, RefusesAFileOverTheCapBeforeReadingIt) {
  TempDir dir;
  // 200 MB, sparse: the size is what the check sees, so no disk is written.
  const std::string file = dir.file("big.json");
  {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT, 0600);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, 200 * 1000 * 1000), 0);
    ::close(fd);
  }
  const std::string message = error_of([&] {
    (void)read_input_file(file, {default_max_input_bytes, "raise it with --max-input-size"});
  });
  EXPECT_EQ(message,
            file + ": is 190.7 MiB (200000000 bytes), over the input limit of 64 MiB; raise it with --max-input-size");
  // Raised, the cap lets a file through (a smaller one: reading 200 MB of
  // zeros would only cost time).
  ASSERT_EQ(::truncate(file.c_str(), 3u << 20), 0);
  ReadLimits raised;
  raised.max_bytes = 3u << 20;
  EXPECT_EQ(read_input_file(file, raised).size(), 3u << 20);
  raised.max_bytes = (3u << 20) - 1;
  EXPECT_EQ(error_of([&] { (void)read_input_file(file, raised); }),
            file + ": is 3 MiB, over the input limit of 3.0 MiB (3145727 bytes)");
}

TEST(ReadInputFile, CapsFilesThatReportNoSize) {
  // /proc files say 0 bytes: the cap is enforced while reading.
  ReadLimits tiny;
  tiny.max_bytes = 16;
  const std::string message = error_of([&] { (void)read_input_file("/proc/self/status", tiny); });
  EXPECT_EQ(message, "/proc/self/status: grew past the input limit of 16 bytes while being read");
  EXPECT_TRUE(contains(read_input_file("/proc/self/status"), "Pid:"));
}

TEST(ReadInputFile, NulInsideTheName) {
  const std::string name("trace\0.json", 11);
  EXPECT_EQ(error_of([&] { (void)read_input_file(name); }), "trace\\x00.json: a file name cannot contain a NUL byte");
  EXPECT_EQ(error_of([&] { (void)read_input_file(""); }), "no input file named (an empty path)");
}

TEST(FormatBytes, ReadsLikeAPerson) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1), "1 byte");
  EXPECT_EQ(format_bytes(1023), "1023 bytes");
  EXPECT_EQ(format_bytes(64u << 20), "64 MiB");
  EXPECT_EQ(format_bytes(3u << 29), "1.5 GiB");
  EXPECT_EQ(format_bytes(UINT64_MAX), "16.0 EiB (18446744073709551615 bytes)");
  EXPECT_EQ(format_bytes(std::uint64_t{1} << 63), "8 EiB");
}

// --- parse_json --------------------------------------------------------------

TEST(ParseJson, NestingCapStopsDeepDocuments) {
  const JsonLimits limits;  // 64
  std::string ok = std::string(64, '[') + std::string(64, ']');
  EXPECT_TRUE(parse_json(ok, limits).is_array());
  const std::string too_deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_EQ(error_of([&] { (void)parse_json(too_deep, limits); }), "nested deeper than 64 levels (at byte 64)");
  // Objects count too, and brackets inside strings do not.
  std::string objects = "{\"[[[[\":";
  for (int i = 0; i < 70; ++i) objects += "{\"a\":";
  EXPECT_EQ(error_of([&] { (void)parse_json(objects, limits); }), "nested deeper than 64 levels (at byte 323)");
}

TEST(ParseJson, TwoHundredMegabytesOfBracketsStopAtTheCap) {
  // 200 MB of '[' once grew a 5 GB tree; now the parser stops at depth 64.
  const std::string brackets(200u << 20, '[');
  EXPECT_EQ(error_of([&] { (void)parse_json(brackets); }), "nested deeper than 64 levels (at byte 64)");
}

TEST(ParseJson, ManyObjectsInAnArrayTakeLinearTime) {
  // nlohmann-json's callback parser (the obvious way to see the depth)
  // scans the enclosing array each time an object ends: 4 MB of "{}," was
  // hours of work. In a child with an alarm, so a regression fails instead
  // of hanging the suite.
  const testing::ChildStatus status = testing::run_in_child(
      [] {
        std::string text = "[";
        for (int i = 0; i < 1'400'000; ++i) text += "{},";
        text += "{}]";
        return parse_json(text).size() == 1'400'001 ? 0 : 1;
      },
      60);
  EXPECT_TRUE(status.exited && status.code == 0) << status.describe();
}

TEST(ParseJson, AHugeStringIsNotEchoed) {
  // 4 MB (nlohmann-json scans 200 MB for 9 s; a 200 MB file is refused on
  // its size before parsing anyway, see RefusesAFileOverTheCapBeforeReadingIt).
  const std::string unterminated = "{\"format\": \"" + std::string(4u << 20, 'x');
  const std::string message = error_of([&] { (void)parse_json(unterminated); });
  EXPECT_LT(message.size(), 300u) << message.substr(0, 300);
  EXPECT_TRUE(contains(message,
                       "not valid JSON: parse error at line 1, column 4194317: syntax error while parsing value - "
                       "invalid string: missing closing quote; last read: '\"xxxx"))
      << message;
  EXPECT_TRUE(contains(message, "... (4194305 bytes)'")) << message;
}

TEST(ParseJson, ControlCharactersInTheEchoAreVisible) {
  const std::string message = error_of([&] { (void)parse_json(std::string("{\"a\": tru\x1b[2J", 13)); });
  // nlohmann-json writes the ESC it read as <U+001B>; the raw byte never
  // reaches the terminal.
  EXPECT_TRUE(contains(message, "; last read: '\"a\": tru<U+001B>'")) << message;
  EXPECT_FALSE(contains(message, "\x1b")) << message;
}

TEST(ParseJson, NumbersBeyondDoubleAreAnErrorNotACrash) {
  const std::string message = error_of([&] { (void)parse_json("{\"sites\": 1e400}"); });
  EXPECT_EQ(message, "not valid JSON: number overflow parsing '1e400'");
  const std::string long_number = "[1" + std::string(1000, '0') + "e400]";
  EXPECT_LT(error_of([&] { (void)parse_json(long_number); }).size(), 200u);
}

TEST(ReadJsonFile, ErrorsStartWithTheFile) {
  TempDir dir;
  const std::string file = dir.write("bad.json", "{\"a\": }");
  EXPECT_EQ(error_of([&] { (void)read_json_file(file); }),
            file +
                ": not valid JSON: parse error at line 1, column 7: syntax error while parsing value - unexpected "
                "'}'; expected '[', '{', or a literal");
  EXPECT_EQ(error_of([&] { (void)read_json_file("/dev/zero"); }),
            "/dev/zero: is a character device, not a regular file");
}

// --- fields --------------------------------------------------------------------

TEST(JsonFields, UnsignedIsReadAsUnsigned) {
  const nlohmann::json doc =
      parse_json(R"({"max": 18446744073709551615, "neg": -5, "big": 100000000000000000000, "half": 1.5, "five": 5.0,)"
                 R"( "word": "five", "ok": 64, "list": [1]})");
  EXPECT_EQ(get_unsigned(doc, "ok", "", 1, 64), 64u);
  EXPECT_EQ(get_unsigned(doc, "max", "", 0, UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "max", "", 1, 64); }),
            "field 'max' is 18446744073709551615, outside 1..64");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "neg", "", 1, 64); }), "field 'neg' is -5, outside 1..64");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "big", "", 1, 64); }), "field 'big' is 1e+20, outside 1..64");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "half", "", 1, 64); }),
            "field 'half' must be an integer in 1..64, not 1.5");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "five", "", 1, 64); }),
            "field 'five' must be an integer in 1..64, not 5.0");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "word", "", 1, 64); }),
            "field 'word' must be an integer in 1..64, not \"five\"");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "list", "", 1, 64); }),
            "field 'list' must be an integer in 1..64, not an array");
  EXPECT_EQ(error_of([&] { (void)get_unsigned(doc, "absent", "", 1, 64); }), "missing field 'absent'");
}

TEST(JsonFields, SignedRangesAndPaths) {
  const nlohmann::json doc = parse_json(R"({"steps": [{"step": -3, "n": 9223372036854775808}], "s": 7})");
  const nlohmann::json& step = doc["steps"][0];
  const std::string where = element_path("steps", 0);
  EXPECT_EQ(where, "steps[0]");
  EXPECT_EQ(get_integer(step, "step", where, -10, 10), -3);
  EXPECT_EQ(error_of([&] { (void)get_integer(step, "step", where, 0, 10); }),
            "field 'steps[0].step' is -3, outside 0..10");
  EXPECT_EQ(error_of([&] { (void)get_integer(step, "n", where, 0, 10); }),
            "field 'steps[0].n' is 9223372036854775808, outside 0..10");
  EXPECT_EQ(error_of([&] { (void)member(doc["s"], "x", "s"); }), "field 's' must be an object, not 7");
  EXPECT_EQ(error_of([&] { (void)member(doc["steps"], "x", ""); }), "the document must be a JSON object, not an array");
}

TEST(JsonFields, KeysAndStringsWithNulAndHugeTextStayShort) {
  std::string text = "{\"a\\u0000b\": {}, \"long\": \"" + std::string(4u << 20, 'y') + "\"}";
  const nlohmann::json doc = parse_json(text);
  EXPECT_EQ(error_of([&] { (void)get_string(doc, std::string("a\0b", 3), ""); }),
            "field 'a\\x00b' must be a string, not an object");
  const std::string message = error_of([&] { (void)get_unsigned(doc, "long", "x.y", 0, 1); });
  EXPECT_TRUE(contains(message, "field 'x.y.long' must be an integer in 0..1, not \"yyyy")) << message.substr(0, 200);
  EXPECT_LT(message.size(), 200u);
  EXPECT_EQ(member_path("states", std::string("k\ney", 4)), "states.k\\x0aey");
}

// --- YAML ----------------------------------------------------------------------

TEST(Yaml, RangeErrorsNameFileLineAndField) {
  const YamlDocument doc("exhaustive:\n  gate: {sites: [1, 2, 65], logon_servers: [0]}\n", "spec/expectations.yaml");
  const YAML::Node gate = doc.required(doc.required(doc.root(), "", "exhaustive"), "exhaustive", "gate");
  EXPECT_EQ(error_of([&] {
              (void)doc.integer_list(doc.required(gate, "exhaustive.gate", "sites"), "exhaustive.gate.sites", 1, 64);
            }),
            "spec/expectations.yaml:2: exhaustive.gate.sites[2]: 65 is outside 1..64");
  EXPECT_EQ(doc.integer_list(gate["logon_servers"], "exhaustive.gate.logon_servers", 0, 1024),
            std::vector<std::int64_t>{0});
  EXPECT_EQ(error_of([&] { (void)doc.required(gate, "exhaustive.gate", "runs"); }),
            "spec/expectations.yaml:2: exhaustive.gate: missing field 'runs'");
}

TEST(Yaml, IntegersAreDecimalAndInRange) {
  const YamlDocument doc("a: [+5, -5, 5.0, 0x5, 5k, 99999999999999999999, \"\\e[31m\", [1], ~]\n", "f.yaml");
  const YAML::Node a = doc.root()["a"];
  EXPECT_EQ(doc.integer(a[0], "a[0]", 0, 10), 5);
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[1], "a[1]", 0, 10); }), "f.yaml:1: a[1]: -5 is outside 0..10");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[2], "a[2]", 0, 10); }),
            "f.yaml:1: a[2]: must be an integer in 0..10, not '5.0'");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[3], "a[3]", 0, 10); }),
            "f.yaml:1: a[3]: must be an integer in 0..10, not '0x5'");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[4], "a[4]", 0, 10); }),
            "f.yaml:1: a[4]: must be an integer in 0..10, not '5k'");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[5], "a[5]", 0, 10); }),
            "f.yaml:1: a[5]: 99999999999999999999 is outside 0..10");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[6], "a[6]", 0, 10); }),
            "f.yaml:1: a[6]: must be an integer in 0..10, not '\\x1b[31m'");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[7], "a[7]", 0, 10); }),
            "f.yaml:1: a[7]: must be an integer in 0..10, not a list");
  EXPECT_EQ(error_of([&] { (void)doc.integer(a[8], "a[8]", 0, 10); }),
            "f.yaml:1: a[8]: must be an integer in 0..10, not empty");
}

TEST(Yaml, ShapesAndKeys) {
  const YamlDocument doc("? [a, b]\n: 1\nlist: []\nscalar: x\n", "f.yaml");
  int collection_keys = 0;
  for (const auto& entry : doc.root()) {
    if (!entry.first.IsSequence()) continue;
    ++collection_keys;
    EXPECT_EQ(error_of([&] { (void)doc.key(entry.first, "root"); }),
              "f.yaml:1: root: a key must be a single value, not a list");
  }
  EXPECT_EQ(collection_keys, 1);
  EXPECT_EQ(error_of([&] { (void)doc.integer_list(doc.root()["list"], "list", 0, 1); }),
            "f.yaml:3: list: must be a non-empty list");
  EXPECT_EQ(error_of([&] { (void)doc.expect_map(doc.root()["scalar"], "scalar"); }),
            "f.yaml:4: scalar: must be a map, not 'x'");
  EXPECT_EQ(error_of([&] { (void)doc.required(doc.root()["scalar"], "scalar", "k"); }),
            "f.yaml:4: scalar: must be a map, not 'x'");
  EXPECT_FALSE(doc.optional(doc.root(), "", "absent").IsDefined());
}

TEST(Yaml, NestingCapStopsFlowAndBlockNesting) {
  const std::string flow(100000, '[');
  EXPECT_EQ(error_of([&] { YamlDocument d(flow, "deep.yaml"); }), "deep.yaml:1: nested deeper than 32 levels");
  std::string block;
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(2 * i), ' ') + "k:\n";
  block += std::string(80, ' ') + "v\n";
  EXPECT_EQ(error_of([&] { YamlDocument d(block, "block.yaml"); }), "block.yaml:33: nested deeper than 32 levels");
  std::string ok;
  for (int i = 0; i < 31; ++i) ok += std::string(static_cast<std::size_t>(2 * i), ' ') + "k:\n";
  ok += std::string(62, ' ') + "v\n";
  EXPECT_NO_THROW(YamlDocument(ok, "ok.yaml"));
}

TEST(Yaml, NodeCapAndOneDocument) {
  std::string many = "[";
  for (int i = 0; i < 200000; ++i) many += "1,";
  many += "1]";
  EXPECT_EQ(error_of([&] { YamlDocument d(many, "many.yaml"); }), "many.yaml:1: has more than 100000 nodes");
  EXPECT_EQ(error_of([&] { YamlDocument d("a: 1\n---\nb: 2\n", "two.yaml"); }),
            "two.yaml:2: holds more than one YAML document (only one is read)");
  // Aliases share their anchor's node: a "billion laughs" costs its text.
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    laughs += std::string(1, c) + ": &" + c + " [*" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) +
              ", *" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) + ", *" + static_cast<char>(c - 1) +
              "]\n";
  EXPECT_NO_THROW(YamlDocument(laughs, "laughs.yaml"));
}

TEST(Yaml, SyntaxErrorsAndHostileFiles) {
  const std::string message = error_of([&] { YamlDocument d("a: [1, 2\nb: }\n", "bad.yaml"); });
  EXPECT_TRUE(message.rfind("bad.yaml:", 0) == 0 && contains(message, ": not valid YAML: ")) << message;
  EXPECT_EQ(error_of([&] { (void)YamlDocument::load("/dev/urandom"); }),
            "/dev/urandom: is a character device, not a regular file");
  TempDir dir;
  EXPECT_TRUE(contains(error_of([&] { (void)YamlDocument::load(dir.file("")); }), "is a directory"));
  const std::string file = dir.write("e.yaml", "exhaustive:\n  gate: {sites: [65]}\n");
  const YamlDocument doc = YamlDocument::load(file);
  EXPECT_EQ(error_of([&] {
              (void)doc.integer_list(doc.root()["exhaustive"]["gate"]["sites"], "exhaustive.gate.sites", 1, 64);
            }),
            file + ":2: exhaustive.gate.sites[0]: 65 is outside 1..64");
}

}  // namespace
}  // namespace smsmc::io
