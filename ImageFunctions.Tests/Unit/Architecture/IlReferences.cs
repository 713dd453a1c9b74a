using Mono.Cecil;

namespace ImageFunctions.Tests.Unit.Architecture;

/// <summary>Every type a compiled type uses: base, interfaces, attributes, members' signatures and every instruction's operand.</summary>
internal static class IlReferences
{
    public static IEnumerable<TypeReference> Of(TypeDefinition type)
    {
        IEnumerable<TypeReference> Of(TypeReference? t) => t switch
        {
            null => [],
            GenericInstanceType generic => generic.GenericArguments.SelectMany(Of).Prepend(generic.ElementType),
            TypeSpecification spec => Of(spec.ElementType),
            _ => [t],
        };

        IEnumerable<TypeReference> OfAttributes(ICustomAttributeProvider provider) =>
            provider.CustomAttributes.SelectMany(a => Of(a.AttributeType).Concat(a.ConstructorArguments.Select(arg => arg.Value).OfType<TypeReference>()));

        var found = new List<TypeReference>();
        found.AddRange(Of(type.BaseType));
        found.AddRange(type.Interfaces.SelectMany(i => Of(i.InterfaceType)));
        found.AddRange(OfAttributes(type));
        found.AddRange(type.Fields.SelectMany(f => Of(f.FieldType).Concat(OfAttributes(f))));
        found.AddRange(type.Properties.SelectMany(p => Of(p.PropertyType).Concat(OfAttributes(p))));
        foreach (var method in type.Methods)
        {
            found.AddRange(Of(method.ReturnType));
            found.AddRange(OfAttributes(method));
            found.AddRange(method.Parameters.SelectMany(p => Of(p.ParameterType).Concat(OfAttributes(p))));
            if (!method.HasBody)
            {
                continue;
            }

            found.AddRange(method.Body.Variables.SelectMany(v => Of(v.VariableType)));
            foreach (var instruction in method.Body.Instructions)
            {
                found.AddRange(instruction.Operand switch
                {
                    TypeReference t => Of(t),
                    MethodReference m => Of(m.DeclaringType).Concat(Of(m.ReturnType)).Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Of) : []),
                    FieldReference f => Of(f.DeclaringType).Concat(Of(f.FieldType)),
                    _ => [],
                });
            }
        }

        return found;
    }
}
