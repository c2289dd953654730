# Reports at configure time whether io_uring works on this host. The result is
# informational: the drivers fall back to epoll at run time when it does not.
try_run(CIO_IO_URING_RUN CIO_IO_URING_COMPILED
  ${CMAKE_BINARY_DIR}/probe_io_uring
  ${CMAKE_CURRENT_LIST_DIR}/probe_io_uring.c
  LINK_LIBRARIES PkgConfig::LIBURING
  RUN_OUTPUT_VARIABLE CIO_IO_URING_PROBE_OUTPUT)
if(CIO_IO_URING_COMPILED AND CIO_IO_URING_RUN EQUAL 0)
  message(STATUS "io_uring probe: ${CIO_IO_URING_PROBE_OUTPUT}")
else()
  message(WARNING "io_uring probe: ${CIO_IO_URING_PROBE_OUTPUT}; "
    "the epoll backend will be used (backend: auto)")
endif()
