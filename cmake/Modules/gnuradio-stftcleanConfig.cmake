find_package(PkgConfig)

PKG_CHECK_MODULES(PC_GR_STFTCLEAN gnuradio-stftclean)

FIND_PATH(
    GR_STFTCLEAN_INCLUDE_DIRS
    NAMES gnuradio/stftclean/api.h
    HINTS $ENV{STFTCLEAN_DIR}/include
        ${PC_STFTCLEAN_INCLUDEDIR}
    PATHS ${CMAKE_INSTALL_PREFIX}/include
          /usr/local/include
          /usr/include
)

FIND_LIBRARY(
    GR_STFTCLEAN_LIBRARIES
    NAMES gnuradio-stftclean
    HINTS $ENV{STFTCLEAN_DIR}/lib
        ${PC_STFTCLEAN_LIBDIR}
    PATHS ${CMAKE_INSTALL_PREFIX}/lib
          ${CMAKE_INSTALL_PREFIX}/lib64
          /usr/local/lib
          /usr/local/lib64
          /usr/lib
          /usr/lib64
          )

include("${CMAKE_CURRENT_LIST_DIR}/gnuradio-stftcleanTarget.cmake")

INCLUDE(FindPackageHandleStandardArgs)
FIND_PACKAGE_HANDLE_STANDARD_ARGS(GR_STFTCLEAN DEFAULT_MSG GR_STFTCLEAN_LIBRARIES GR_STFTCLEAN_INCLUDE_DIRS)
MARK_AS_ADVANCED(GR_STFTCLEAN_LIBRARIES GR_STFTCLEAN_INCLUDE_DIRS)
