#ifndef INTUNE_ASSIGN_CYAML_SHIM_H
#define INTUNE_ASSIGN_CYAML_SHIM_H
#include <yaml.h>
#endif
