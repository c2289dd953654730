// Console: everything cio-copy prints on stderr, from any shard. Errors and
// warnings are rare, so one mutex serialises them with the progress line,
// which is cleared before a message and redrawn by the next tick.
#pragma once

#include <mutex>
#include <string_view>

namespace cio::copier {

class Console {
 public:
  // `show_progress`: the progress line is drawn at all.
  explicit Console(bool show_progress) noexcept : show_progress_(show_progress) {}

  bool shows_progress() const noexcept { return show_progress_; }

  // "cio-copy: <text>".
  void error(std::string_view text);
  // "cio-copy: warning: <text>".
  void warn(std::string_view text);
  // Replaces the progress line (carriage return, no newline).
  void progress(std::string_view line);
  // Ends the progress line, if one is drawn, with a newline.
  void end_progress();
  // One line as is (the summary).
  void line(std::string_view text);

 private:
  void write_line(std::string_view prefix, std::string_view text);

  std::mutex mutex_;
  bool show_progress_;
  bool progress_drawn_ = false;
};

}  // namespace cio::copier
