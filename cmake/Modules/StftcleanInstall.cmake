# Install-tree details shared by every part of the project:
# SPDX-License-Identifier: GPL-3.0-or-later
#
#  - RUNPATH: when the library folder is not one the dynamic linker searches
#    by itself (any prefix but /usr), the installed CLI, block library and
#    Python extension carry an $ORIGIN-relative RUNPATH to it, so that the
#    install works without ldconfig or LD_LIBRARY_PATH and stays relocatable
#    (the prefix may be moved as a whole). A prefix of /usr (the Debian
#    package) gets none. A CMAKE_INSTALL_RPATH given on the command line
#    wins over this.
#  - the pkg-config file of the C core, stftclean-core.pc.
#
# stftc_install_finish() runs at the end of the top CMakeLists.txt, when
# every target exists.

# the full path of a GNUInstallDirs-style folder (relative to the prefix or
# absolute)
function(_stftc_full_path out dir)
    if(IS_ABSOLUTE "${dir}")
        set(${out} "${dir}" PARENT_SCOPE)
    else()
        set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
    endif()
endfunction()

# give target (installed into folder dest) a RUNPATH to the library folder
function(_stftc_runpath target dest)
    if(NOT TARGET ${target})
        return()
    endif()
    _stftc_full_path(_from "${dest}")
    file(RELATIVE_PATH _rel "${_from}" "${STFTC_FULL_LIBDIR}")
    if(_rel STREQUAL "")
        set(_rp "$ORIGIN")
    else()
        set(_rp "$ORIGIN/${_rel}")
    endif()
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "${_rp}")
endfunction()

function(stftc_install_finish)
    _stftc_full_path(STFTC_FULL_LIBDIR "${STFTC_INSTALL_LIBDIR}")
    _stftc_full_path(_incdir "${CMAKE_INSTALL_INCLUDEDIR}")

    # RUNPATH
    set(_system_dirs ${CMAKE_PLATFORM_IMPLICIT_LINK_DIRECTORIES}
        ${CMAKE_C_IMPLICIT_LINK_DIRECTORIES})
    list(FIND _system_dirs "${STFTC_FULL_LIBDIR}" _is_system)
    if(NOT "${CMAKE_INSTALL_RPATH}" STREQUAL "")
        set(_how "CMAKE_INSTALL_RPATH ${CMAKE_INSTALL_RPATH} (given)")
    elseif(NOT _is_system EQUAL -1)
        set(_how "none (${STFTC_FULL_LIBDIR} is a system folder)")
    else()
        _stftc_runpath(stftclean "${CMAKE_INSTALL_BINDIR}")
        _stftc_runpath(gnuradio-stftclean "${STFTC_INSTALL_LIBDIR}")
        if(TARGET stftclean_python)
            get_directory_property(_pydir DIRECTORY ${PROJECT_SOURCE_DIR}/python/stftclean
                DEFINITION GR_PYTHON_DIR)
            _stftc_runpath(stftclean_python "${_pydir}/gnuradio/stftclean")
        endif()
        set(_how "relative to each file, to ${STFTC_FULL_LIBDIR}")
    endif()
    message(STATUS "Installed RUNPATH: ${_how}")

    # pkg-config file of the C core (a shared library only: no static
    # library is built, so no Libs.private/Requires.private)
    set(PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
    set(PC_LIBDIR "${STFTC_FULL_LIBDIR}")
    set(PC_INCLUDEDIR "${_incdir}")
    file(RELATIVE_PATH _rel_lib "${CMAKE_INSTALL_PREFIX}" "${STFTC_FULL_LIBDIR}")
    if(NOT _rel_lib MATCHES "^\\.\\.")
        set(PC_LIBDIR "\${prefix}/${_rel_lib}")
    endif()
    file(RELATIVE_PATH _rel_inc "${CMAKE_INSTALL_PREFIX}" "${_incdir}")
    if(NOT _rel_inc MATCHES "^\\.\\.")
        set(PC_INCLUDEDIR "\${prefix}/${_rel_inc}")
    endif()
    configure_file(${PROJECT_SOURCE_DIR}/cmake/stftclean-core.pc.in
        ${PROJECT_BINARY_DIR}/stftclean-core.pc @ONLY)
    install(FILES ${PROJECT_BINARY_DIR}/stftclean-core.pc
        DESTINATION ${STFTC_INSTALL_LIBDIR}/pkgconfig)
endfunction()
