// UnixListener and UnixStream on both backends: an echo round trip, the
// addresses they report, and binding over a stale socket file.
#include <sys/socket.h>

#include <string>

#include <cio/net/unix_listener.hpp>
#include <cio/net/unix_stream.hpp>

#include <cio/testing/temp_dir.hpp>
#include "net_test_util.hpp"
#include "runtime_fixture.hpp"

namespace cio::testing {
namespace {

using net::UnixListener;
using net::UnixStream;

class UnixTest : public RuntimeTest {
 protected:
  TempDir dir_;
};
CIO_RUNTIME_TEST_SUITE(UnixTest);

TEST_P(UnixTest, EchoRoundTrip) {
  const std::string path = dir_.file("echo.sock");
  run([&]() -> Task<void> {
    auto listener = UnixListener::bind(path);
    CIO_CO_ASSERT_OK(listener);
    EXPECT_EQ(listener->local_address()->path(), path);
    auto stream = co_await UnixStream::connect(path);
    CIO_CO_ASSERT_OK(stream);
    auto accepted = co_await listener->accept();
    CIO_CO_ASSERT_OK(accepted);
    EXPECT_EQ(accepted->local_address()->family(), AF_UNIX);
    EXPECT_EQ(stream->peer_address()->path(), path);
    spawn(echo(std::move(*accepted)));
    const auto payload = random_bytes(200'000, 11);
    co_await expect_echoed(*stream, payload);
  }());
}

TEST_P(UnixTest, ConnectToAMissingPathNamesTheCall) {
  const std::string path = dir_.file("nobody.sock");
  run([&]() -> Task<void> {
    auto stream = co_await UnixStream::connect(path);
    CIO_CO_ASSERT(!stream);
    EXPECT_EQ(stream.error(), std::errc::no_such_file_or_directory);
    EXPECT_STREQ(stream.operation(), "unix connect");
  }());
}

TEST_P(UnixTest, StaleSocketFileBlocksBindUnlessAskedToUnlink) {
  const std::string path = dir_.file("stale.sock");
  run([&]() -> Task<void> {
    {
      auto first = UnixListener::bind(path);
      CIO_CO_ASSERT_OK(first);
    }  // closed; the socket file stays behind
    auto again = UnixListener::bind(path);
    CIO_CO_ASSERT(!again);
    EXPECT_EQ(again.error(), std::errc::address_in_use);
    EXPECT_STREQ(again.operation(), "bind");
    auto fresh = UnixListener::bind(path, {.unlink_stale = true});
    CIO_CO_ASSERT_OK(fresh);
  }());
}

TEST_P(UnixTest, PathTooLongIsRejected) {
  const std::string path = dir_.file(std::string(200, 'x'));
  run([&]() -> Task<void> {
    auto listener = UnixListener::bind(path);
    CIO_CO_ASSERT(!listener);
    EXPECT_EQ(listener.error(), std::errc::filename_too_long);
  }());
}

}  // namespace
}  // namespace cio::testing
