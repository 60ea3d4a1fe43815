# Test timeouts that follow the build type.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The timeouts written next to each test are for the normal (Release) build.
# Under ENABLE_SANITIZERS (AddressSanitizer + UBSan at -O1) the same tests run
# 1.5-4 times slower alone and more beside a parallel test (the sanitizer
# suite of .ci/run measured cli_features at 66 s alone and 157 s beside other
# work, against 27 s in the normal build), so there every timeout of the
# directory is multiplied by STFTC_TEST_TIMEOUT_SCALE (3), and a test without
# one gets 3 x ctest's default of 1500 s. The margin is printed by .ci/run
# (tests/scripts/ctest_slowest.py): timeout over the measured time, flagged
# below 3.
#
# Each CMakeLists.txt that adds tests calls, before its first add_test:
#   cmake_language(DEFER CALL stftc_scale_test_timeouts)
# so that the scaling runs once the directory is processed (return() too).

if(ENABLE_SANITIZERS)
    set(STFTC_TEST_TIMEOUT_SCALE 3)
else()
    set(STFTC_TEST_TIMEOUT_SCALE 1)
endif()

function(stftc_scale_test_timeouts)
    if(STFTC_TEST_TIMEOUT_SCALE EQUAL 1)
        return()
    endif()
    get_property(_tests DIRECTORY PROPERTY TESTS)
    foreach(_t IN LISTS _tests)
        get_test_property(${_t} TIMEOUT _to)
        if(NOT _to)
            set(_to 1500)
        endif()
        string(REGEX REPLACE "\\..*$" "" _to "${_to}") # whole seconds
        math(EXPR _to "${_to} * ${STFTC_TEST_TIMEOUT_SCALE}")
        set_tests_properties(${_t} PROPERTIES TIMEOUT ${_to})
    endforeach()
endfunction()
