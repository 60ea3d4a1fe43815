/* The mask_control base class and the table of mask parameters in Python,
 * shared by the bindings of cleaner_cc, cleaner_ff and mask_cc.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef STFTCLEAN_MASK_CONTROL_PYTHON_H
#define STFTCLEAN_MASK_CONTROL_PYTHON_H

#include <pybind11/pybind11.h>

#include <string>

namespace stftclean_bindings {

/* Binds gr::stftclean::mask_control (once: the blocks that derive from it
 * call it before binding themselves, whatever the registry's order). */
void bind_mask_control(pybind11::module& m);

/* doc followed by the list of mask parameters, made from the core's table
 * (stftc_mask_field_at) when the module loads, so that it cannot drift from
 * it: one "    name: ..." line (wrapped) per field under a title line. */
std::string with_mask_keys(const char* doc);

} // namespace stftclean_bindings

#endif
