package alexnet.kernels;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.LocalVariableAnnotationNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * What TornadoVM can compile, checked on class files: primitive (array) parameters, no allocation,
 * objects, fields, exceptions, monitors, lambdas or recursion; calls only to static helpers of kernel
 * classes and to Math functions TornadoVM maps to device built-ins; a local variable table; and on every
 * kernel (public static void) a {@code @Parallel} local variable and, for the reference kernels that
 * {@link JvmExecutor} slices, {@code first, count} as the last two int parameters (the device kernels of
 * alexnet.kernels.device always cover their whole range).
 */
final class KernelRules {

    static final String PARALLEL = "Luk/ac/manchester/tornado/api/annotations/Parallel;";
    static final String TORNADO_MATH = "uk/ac/manchester/tornado/api/math/TornadoMath";
    static final Set<String> MATH = Set.of("abs", "max", "min", "exp", "log", "sqrt", "pow", "fma", "floor",
            "ceil", "sin", "cos", "tanh");

    private KernelRules() {
    }

    /** Violations in the given reference kernel classes, each "Class.method: what". */
    static List<String> violations(List<ClassNode> classes) {
        return violations(classes, true);
    }

    /**
     * Violations in the given classes, each "Class.method: what"; {@code slices}: kernels must end in
     * (first, count). Calls between the classes are allowed.
     */
    static List<String> violations(List<ClassNode> classes, boolean slices) {
        Set<String> kernelClasses = new HashSet<>();
        for (ClassNode node : classes) {
            kernelClasses.add(node.name);
        }
        List<String> found = new ArrayList<>();
        Map<String, Set<String>> calls = new HashMap<>();
        for (ClassNode node : classes) {
            for (MethodNode method : node.methods) {
                if (method.name.equals("<init>") || method.name.equals("<clinit>")) {
                    continue;
                }
                String where = node.name.substring(node.name.lastIndexOf('/') + 1) + "." + method.name;
                Set<String> callees = new HashSet<>();
                calls.put(node.name + "." + method.name + method.desc, callees);
                check(node, method, where, kernelClasses, slices, callees, found);
            }
        }
        for (String method : calls.keySet()) {
            if (reaches(method, method, calls, new HashSet<>())) {
                found.add(method + ": recursion");
            }
        }
        return found;
    }

    private static void check(ClassNode owner, MethodNode method, String where, Set<String> kernelClasses,
                              boolean slices, Set<String> callees, List<String> found) {
        if ((method.access & Opcodes.ACC_STATIC) == 0) {
            found.add(where + ": not static");
        }
        if ((method.access & Opcodes.ACC_SYNTHETIC) != 0) {
            found.add(where + ": synthetic (lambda or bridge)");
        }
        Type[] parameters = Type.getArgumentTypes(method.desc);
        for (Type parameter : parameters) {
            if (!isPrimitiveOrPrimitiveArray(parameter)) {
                found.add(where + ": parameter of type " + parameter.getClassName());
            } else if (parameter.getSort() == Type.BOOLEAN) {
                found.add(where + ": boolean parameter (OpenCL C forbids bool kernel parameters; use an int or float)");
            }
        }
        Type result = Type.getReturnType(method.desc);
        if (result.getSort() != Type.VOID && !isPrimitiveOrPrimitiveArray(result)) {
            found.add(where + ": returns " + result.getClassName());
        }
        if (method.localVariables == null || method.localVariables.isEmpty()) {
            found.add(where + ": no local variable table (compile with -g)");
        }
        if (!method.tryCatchBlocks.isEmpty()) {
            found.add(where + ": try/catch");
        }
        for (AbstractInsnNode insn : method.instructions) {
            int op = insn.getOpcode();
            switch (op) {
                case Opcodes.NEW, Opcodes.NEWARRAY, Opcodes.ANEWARRAY, Opcodes.MULTIANEWARRAY ->
                        found.add(where + ": allocation");
                case Opcodes.ATHROW -> found.add(where + ": throws");
                case Opcodes.IUSHR, Opcodes.LUSHR -> found.add(where + ": unsigned shift >>> (TornadoVM 5.2 compiles"
                        + " it as a signed >>, wrong for negative values; write (x >> s) & mask)");
                case Opcodes.MONITORENTER, Opcodes.MONITOREXIT -> found.add(where + ": synchronized");
                case Opcodes.GETFIELD, Opcodes.PUTFIELD, Opcodes.GETSTATIC, Opcodes.PUTSTATIC ->
                        found.add(where + ": field access");
                case Opcodes.CHECKCAST, Opcodes.INSTANCEOF -> found.add(where + ": object type test");
                case Opcodes.INVOKEDYNAMIC -> found.add(where + ": invokedynamic (lambda or string concat)");
                case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE, Opcodes.INVOKESPECIAL ->
                        found.add(where + ": calls method " + ((MethodInsnNode) insn).name + " on an object");
                case Opcodes.INVOKESTATIC -> {
                    MethodInsnNode call = (MethodInsnNode) insn;
                    if ((call.owner.equals("java/lang/Math") || call.owner.equals(TORNADO_MATH))
                            && MATH.contains(call.name)) {
                        break;
                    }
                    if (kernelClasses.contains(call.owner)) {
                        callees.add(call.owner + "." + call.name + call.desc);
                    } else {
                        found.add(where + ": calls " + call.owner + "." + call.name);
                    }
                }
                case Opcodes.LDC -> {
                    Object constant = ((LdcInsnNode) insn).cst;
                    if (!(constant instanceof Number)) {
                        found.add(where + ": loads constant " + constant);
                    }
                }
                default -> {
                }
            }
        }
        boolean kernel = (method.access & Opcodes.ACC_PUBLIC) != 0 && result.getSort() == Type.VOID;
        if (kernel) {
            checkParallelLoop(method, where, parameters, slices, found);
        }
    }

    private static void checkParallelLoop(MethodNode method, String where, Type[] parameters, boolean slices,
                                          List<String> found) {
        boolean annotated = false;
        List<LocalVariableAnnotationNode> annotations = method.visibleLocalVariableAnnotations;
        if (annotations != null) {
            for (LocalVariableAnnotationNode annotation : annotations) {
                annotated |= annotation.desc.equals(PARALLEL);
            }
        }
        if (!annotated) {
            found.add(where + ": no @Parallel loop variable");
        }
        int n = parameters.length;
        if (slices && (n < 2 || parameters[n - 1] != Type.INT_TYPE || parameters[n - 2] != Type.INT_TYPE
                || !"first".equals(parameterName(method, n - 2)) || !"count".equals(parameterName(method, n - 1)))) {
            found.add(where + ": last two parameters are not (int first, int count)");
        }
    }

    /** Name of the index-th parameter of a static method, from the local variable table. */
    private static String parameterName(MethodNode method, int index) {
        if (method.localVariables == null) {
            return null;
        }
        int slot = 0;
        Type[] parameters = Type.getArgumentTypes(method.desc);
        for (int i = 0; i < index; i++) {
            slot += parameters[i].getSize();
        }
        for (LocalVariableNode variable : method.localVariables) {
            if (variable.index == slot && variable.start.equals(firstLabel(method))) {
                return variable.name;
            }
        }
        return null;
    }

    private static AbstractInsnNode firstLabel(MethodNode method) {
        for (AbstractInsnNode insn : method.instructions) {
            if (insn.getType() == AbstractInsnNode.LABEL) {
                return insn;
            }
        }
        return null;
    }

    private static boolean isPrimitiveOrPrimitiveArray(Type type) {
        if (type.getSort() == Type.ARRAY) {
            return type.getDimensions() == 1 && type.getElementType().getSort() <= Type.DOUBLE;
        }
        return type.getSort() >= Type.BOOLEAN && type.getSort() <= Type.DOUBLE;
    }

    private static boolean reaches(String from, String target, Map<String, Set<String>> calls, Set<String> seen) {
        for (String callee : calls.getOrDefault(from, Set.of())) {
            if (callee.equals(target)) {
                return true;
            }
            if (seen.add(callee) && reaches(callee, target, calls, seen)) {
                return true;
            }
        }
        return false;
    }
}
