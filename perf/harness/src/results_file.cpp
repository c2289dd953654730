#include <cio/perf/results_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace cio::perf {
namespace {

// JSON string contents: quotes, backslashes and control characters escaped.
std::string escaped(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char code[8];
      std::snprintf(code, sizeof(code), "\\u%04x", c);
      out += code;
    } else {
      out += c;
    }
  }
  return out;
}

std::string quoted(std::string_view text) { return "\"" + escaped(text) + "\""; }

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.6g", value);
  return text;
}

std::string side_json(const SideResult& side) {
  std::string values;
  std::string flagged;
  for (const Rep& rep : side.reps) {
    values += (values.empty() ? "" : ",") + number(rep.value);
    flagged += std::string(flagged.empty() ? "" : ",") + (rep.flagged ? "true" : "false");
  }
  return "{\"label\":" + quoted(side.label) + ",\"median\":" + number(side.median) +
         ",\"min\":" + number(side.min) + ",\"max\":" + number(side.max) + ",\"reps\":[" + values +
         "],\"flagged\":[" + flagged + "]}";
}

void append_line(const std::string& line) {
  const char* path = std::getenv("CIO_PERF_RESULTS");
  if (path == nullptr || *path == '\0') return;
  std::FILE* file = std::fopen(path, "a");
  const bool written = file != nullptr && std::fputs((line + "\n").c_str(), file) >= 0;
  const int error = errno;
  if (file != nullptr) std::fclose(file);
  static bool warned = false;
  if (!written && !warned) {
    warned = true;
    std::fprintf(stderr, "warning: cannot append to CIO_PERF_RESULTS=%s: %s\n", path,
                 std::strerror(error));
  }
}

}  // namespace

void record_result(const ComparisonResult& result) {
  append_line("{\"name\":" + quoted(result.name) +
              ",\"status\":\"measured\",\"target\":" + quoted(result.target) +
              ",\"met\":" + (target_met(result.ratio, result.target) ? "true" : "false") +
              ",\"unit\":" + quoted(result.unit) + ",\"better\":\"" +
              (result.better == Better::higher ? "higher" : "lower") +
              "\",\"ratio\":" + number(result.ratio) + ",\"pair_min\":" + number(result.pair_min) +
              ",\"pair_max\":" + number(result.pair_max) + ",\"ours\":" + side_json(result.ours) +
              ",\"baseline\":" + side_json(result.baseline) + "}");
}

void record_outcome(std::string_view name, std::string_view target, std::string_view status,
                    std::string_view reason) {
  append_line("{\"name\":" + quoted(name) + ",\"status\":" + quoted(status) +
              ",\"target\":" + quoted(target) + ",\"reason\":" + quoted(reason) + "}");
}

}  // namespace cio::perf
