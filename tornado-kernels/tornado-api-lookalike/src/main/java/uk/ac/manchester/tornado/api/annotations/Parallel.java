package uk.ac.manchester.tornado.api.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compile-time look-alike of TornadoVM's {@code @Parallel}: same package, name, target and
 * retention as the real one, which TornadoVM matches by name in the class file. It marks a
 * loop whose iterations are independent, so that TornadoVM maps them onto device threads.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.LOCAL_VARIABLE, ElementType.TYPE, ElementType.TYPE_USE, ElementType.TYPE_PARAMETER})
public @interface Parallel {
}
