// cio-echo: a sharded echo server (TCP over IPv4/IPv6, UDP, Unix sockets)
// on the CompleteIO framework's public API. See docs/apps/echo.md.
#include <cio/app/app.hpp>
#include <cio/app/logging.hpp>

#include "echo_options.hpp"
#include "echo_server.hpp"

int main(int argc, char** argv) {
  cio::app::App app("cio-echo", "Sharded TCP/UDP/Unix echo server");
  cio::app::declare_logger("echo",
                           "listeners, the receive path, connection errors, counts at exit");
  cio::echo::EchoOptions options;
  cio::echo::declare_echo_options(app.schema(), options);
  return app.run(argc, argv, [&options](cio::app::AppContext& context) {
    return cio::echo::serve_echo(options, context);
  });
}
