/*
 * An untrained model, for tools/train-classify itself (which links the
 * library's code before there is a model to compile into it).
 */
#include "classify/classify.h"

const som_model som_classify__model = { 0, 0, { 0, 0, 0 }, { NULL, NULL, NULL } };
