package org.fovea.autograd;

/** What an op recorded in the graph: its name, its inputs, and its backward step (null once released). */
final class Node {
    final String op;
    final Variable[] inputs;
    Backward backward;

    Node(String op, Variable[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }
}
