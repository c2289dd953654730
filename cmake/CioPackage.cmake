# Installing CompleteIO: the exported targets and their CMake package
# (find_package(CompleteIO CONFIG COMPONENTS drivers runtime shard app)),
# pkg-config files (completeio-<layer>.pc), and the Debian packages made by
# `cpack -G DEB`: completeio (headers, libraries, CMake and pkg-config
# files) and completeio-apps (the bundled servers and their configs).
include(CMakePackageConfigHelpers)
include(GNUInstallDirs)

set(CIO_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/CompleteIO)
install(EXPORT CompleteIOTargets NAMESPACE CompleteIO::
  DESTINATION ${CIO_CMAKE_INSTALL_DIR} COMPONENT dev)
configure_package_config_file(cmake/package/CompleteIOConfig.cmake.in
  ${PROJECT_BINARY_DIR}/CompleteIOConfig.cmake
  INSTALL_DESTINATION ${CIO_CMAKE_INSTALL_DIR})
# Before 1.0 a minor version may break the API: only the same minor matches.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/CompleteIOConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/CompleteIOConfig.cmake
  ${PROJECT_BINARY_DIR}/CompleteIOConfigVersion.cmake
  DESTINATION ${CIO_CMAKE_INSTALL_DIR} COMPONENT dev)

# The .pc files find the prefix from where they sit: relocatable, as the
# CMake package is (cmake --install --prefix, cpack's /usr).
file(RELATIVE_PATH CIO_PC_UP /${CMAKE_INSTALL_LIBDIR}/pkgconfig /)
foreach(layer drivers runtime shard app)
  configure_file(cmake/package/completeio-${layer}.pc.in
    ${PROJECT_BINARY_DIR}/pkgconfig/completeio-${layer}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/completeio-${layer}.pc
    DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig COMPONENT dev)
endforeach()

set(CPACK_PACKAGE_NAME completeio)
set(CPACK_PACKAGE_VENDOR "CompleteIO")
set(CPACK_PACKAGE_CONTACT "CompleteIO developers <completeio@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_COMPONENTS_ALL dev apps)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_DEV_PACKAGE_NAME completeio)
# Static libraries: what they call is linked by the user's build.
set(CPACK_DEBIAN_DEV_PACKAGE_DEPENDS
  "liburing-dev (>= 2.3), libspdlog-dev (>= 1:1.10), libyaml-cpp-dev (>= 0.7), libcli11-dev (>= 2.1), pkg-config")
set(CPACK_COMPONENT_DEV_DESCRIPTION
  "CompleteIO: headers, static libraries, CMake and pkg-config files\n${PROJECT_DESCRIPTION}.")
set(CPACK_DEBIAN_APPS_PACKAGE_NAME completeio-apps)
set(CPACK_DEBIAN_APPS_PACKAGE_SECTION net)
set(CPACK_DEBIAN_APPS_PACKAGE_SHLIBDEPS ON)
set(CPACK_COMPONENT_APPS_DESCRIPTION
  "CompleteIO's bundled servers: cio-echo (a sharded echo server) and cio-copy (a file copier)")
include(CPack)
