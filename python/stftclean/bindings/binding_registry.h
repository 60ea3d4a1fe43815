/* Self-registration of the per-block binding functions.
 *
 * Each <block>_python.cc ends with STFTCLEAN_REGISTER_BINDING(bind_<block>);
 * python_bindings.cc calls every registered function in name order. A new
 * block therefore touches no shared file: its binding .cc is picked up by
 * the glob in CMakeLists.txt and registers itself when the module loads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef STFTCLEAN_BINDING_REGISTRY_H
#define STFTCLEAN_BINDING_REGISTRY_H

#include <pybind11/pybind11.h>

#include <string>
#include <utility>
#include <vector>

namespace stftclean_bindings {

using bind_fn = void (*)(pybind11::module&);

/* Construct-on-first-use: safe whatever order the static initialisers of
 * the binding files run in. */
inline std::vector<std::pair<std::string, bind_fn>>& registry()
{
    static std::vector<std::pair<std::string, bind_fn>> r;
    return r;
}

struct registrar {
    registrar(const char* name, bind_fn fn) { registry().emplace_back(name, fn); }
};

} // namespace stftclean_bindings

#define STFTCLEAN_REGISTER_BINDING(fn) \
    static ::stftclean_bindings::registrar fn##_registrar_instance(#fn, &fn)

#endif
