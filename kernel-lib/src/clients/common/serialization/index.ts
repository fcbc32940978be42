// org.apache.kafka.common.serialization: serializers and deserializers shared by the producer and consumer.
export type { Serializer, SerializerClass } from "./Serializer";
export type { Deserializer, DeserializerClass } from "./Deserializer";
export { SerializationException, ClassCastException, javaClassOf } from "./SerializationException";
export { StringSerializer } from "./StringSerializer";
export { StringDeserializer } from "./StringDeserializer";
export { ByteArraySerializer } from "./ByteArraySerializer";
export { ByteArrayDeserializer } from "./ByteArrayDeserializer";
export { JsonSerializer } from "./JsonSerializer";
export { JsonDeserializer } from "./JsonDeserializer";
export { IntegerSerializer } from "./IntegerSerializer";
export { IntegerDeserializer } from "./IntegerDeserializer";
export { LongSerializer } from "./LongSerializer";
export { LongDeserializer } from "./LongDeserializer";
export { serializerFor, deserializerFor, serdeClassName } from "./SerdeClasses";
