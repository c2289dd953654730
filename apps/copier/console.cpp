#include "console.hpp"

#include <cstdio>
#include <string>

namespace cio::copier {
namespace {

// Carriage return and erase-to-end-of-line.
constexpr std::string_view kClearLine = "\r\x1b[K";

void put(std::string_view text) { std::fwrite(text.data(), 1, text.size(), stderr); }

}  // namespace

void Console::error(std::string_view text) { write_line("cio-copy: ", text); }

void Console::warn(std::string_view text) { write_line("cio-copy: warning: ", text); }

void Console::line(std::string_view text) { write_line("", text); }

void Console::write_line(std::string_view prefix, std::string_view text) {
  std::lock_guard lock(mutex_);
  if (progress_drawn_) put(kClearLine);
  progress_drawn_ = false;
  put(std::string(prefix).append(text).append("\n"));
  std::fflush(stderr);
}

void Console::progress(std::string_view line) {
  if (!show_progress_) return;
  std::lock_guard lock(mutex_);
  put(std::string(kClearLine).append(line));
  std::fflush(stderr);
  progress_drawn_ = true;
}

void Console::end_progress() {
  std::lock_guard lock(mutex_);
  if (progress_drawn_) put("\n");
  progress_drawn_ = false;
  std::fflush(stderr);
}

}  // namespace cio::copier
